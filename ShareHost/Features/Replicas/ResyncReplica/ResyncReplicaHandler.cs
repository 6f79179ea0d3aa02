using ShareHost.Features.Operations;
using ShareHost.Features.Replicas.States;
using ShareHost.Features.Shares;

namespace ShareHost.Features.Replicas.ResyncReplica;

/// <summary>Runs the state update for one replica (the driver repairs what it can) and ends the operation; safe to re-run.</summary>
public sealed class ResyncReplicaHandler(ReplicaStateUpdater updater, ShareOperationSupport support) : IOperationHandler
{
    public string Kind => ResyncReplicaService.OperationKind;

    public async Task RunAsync(Operation operation, CancellationToken cancellationToken)
    {
        await updater.PollShareAsync(operation.ShareId, operation.ResourceId, cancellationToken);
        await support.AbandonAsync(operation, cancellationToken);
    }

    public Task FailAsync(Operation operation, string userMessage, CancellationToken cancellationToken) =>
        support.AbandonAsync(operation, cancellationToken);
}
