using ShareHost.Api.Auth;
using ShareHost.Api.Errors;
using ShareHost.Features.Operations;
using ShareHost.Features.Shares;
using ShareHost.Features.Shares.ShareInstances;
using ShareHost.Persistence;

namespace ShareHost.Features.Replicas.ResyncReplica;

/// <summary>
/// Accepts an admin resync: the state poll for one replica, now, as a durable operation (it runs in order with the
/// share's other operations). The active replica and a replica without a backend are refused.
/// </summary>
public sealed class ResyncReplicaService(SqliteConnectionFactory connections, OperationRunner runner)
{
    public const string OperationKind = "resync_share_replica";

    public async Task ResyncAsync(ShareInstanceRow replica, RequestContext caller, CancellationToken cancellationToken)
    {
        if (replica.ReplicaState == ReplicaStates.Active)
        {
            throw new BadRequestException($"Share replica {replica.Id} is the active replica; only a non-active replica can be resynced.");
        }

        if (replica.Backend is null)
        {
            throw new BadRequestException($"Share replica {replica.Id} has no host yet; it cannot be resynced.");
        }

        if (replica.Status != ShareStatus.Available)
        {
            throw new BadRequestException($"Share replica {replica.Id} must be in 'available' state to be resynced (it is '{replica.Status}').");
        }

        var operation = Operation.Create(OperationKind, replica.ShareId, replica.Id, new { }, caller.RequestId, replica.ProjectId);
        await using (var connection = await connections.OpenAsync(cancellationToken))
        await using (var transaction = await SqliteConnectionFactory.BeginWriteAsync(connection, cancellationToken))
        {
            await OperationRepository.InsertAsync(connection, transaction, operation, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        runner.Enqueue(operation);
    }
}
