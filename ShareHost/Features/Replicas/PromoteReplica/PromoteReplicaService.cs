using ShareHost.Api.Auth;
using ShareHost.Api.Errors;
using ShareHost.Features.Operations;
using ShareHost.Features.Shares;
using ShareHost.Features.Shares.ShareInstances;
using ShareHost.Persistence;

namespace ShareHost.Features.Replicas.PromoteReplica;

/// <summary>
/// Accepts a promotion: the replica must be available and not already active; one that is out of sync or in error
/// takes an administrator (data may be lost). The replica goes to <c>replication_change</c> with its operation.
/// </summary>
public sealed class PromoteReplicaService(SqliteConnectionFactory connections, OperationRunner runner)
{
    public const string OperationKind = "promote_share_replica";

    private static readonly string[] Available = [ShareStatus.Available];

    public async Task PromoteAsync(ShareInstanceRow replica, RequestContext caller, CancellationToken cancellationToken)
    {
        if (replica.ReplicaState == ReplicaStates.Active)
        {
            throw new BadRequestException($"Share replica {replica.Id} is already the active replica; only a non-active replica can be promoted.");
        }

        if (replica.Status != ShareStatus.Available)
        {
            throw new BadRequestException($"Share replica {replica.Id} must be in 'available' state to be promoted (it is '{replica.Status}').");
        }

        if (replica.ReplicaState is ReplicaStates.OutOfSync or ReplicaStates.Error && !caller.IsAdmin)
        {
            throw new ForbiddenException($"Promoting a replica with 'replica_state': {replica.ReplicaState} requires administrator privileges.");
        }

        var operation = Operation.Create(OperationKind, replica.ShareId, replica.Id, new { }, caller.RequestId, replica.ProjectId);
        await using (var connection = await connections.OpenAsync(cancellationToken))
        await using (var transaction = await SqliteConnectionFactory.BeginWriteAsync(connection, cancellationToken))
        {
            if (!await ShareRepository.TransitionAsync(connection, transaction, replica.Id, Available, ShareStatus.ReplicationChange, cancellationToken))
            {
                throw new BadRequestException($"Share replica {replica.Id} changed status; it must be 'available' to be promoted.");
            }

            await OperationRepository.InsertAsync(connection, transaction, operation, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        runner.Enqueue(operation);
    }
}
