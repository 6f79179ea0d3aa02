using ShareHost.Api.Auth;
using ShareHost.Api.Errors;
using ShareHost.Features.Operations;
using ShareHost.Features.Shares;
using ShareHost.Features.Shares.ShareInstances;
using ShareHost.Persistence;

namespace ShareHost.Features.Replicas.DeleteReplica;

/// <summary>
/// Accepts a replica delete (or an admin force-delete): never the last active replica; an active replica with another
/// active one hands the primary role over first; a busy replica only with force. Replica to <c>deleting</c> and its
/// operation in one transaction.
/// </summary>
public sealed class DeleteReplicaService(SqliteConnectionFactory connections, OperationRunner runner)
{
    public const string OperationKind = "delete_share_replica";

    public async Task DeleteAsync(ShareInstanceRow replica, RequestContext caller, bool force, CancellationToken cancellationToken)
    {
        var operation = Operation.Create(OperationKind, replica.ShareId, replica.Id, new DeleteReplicaPayload(force), caller.RequestId, replica.ProjectId);
        await using (var connection = await connections.OpenAsync(cancellationToken))
        await using (var transaction = await SqliteConnectionFactory.BeginWriteAsync(connection, cancellationToken))
        {
            var siblings = await ReplicaRepository.ForShareAsync(connection, transaction, replica.ShareId, cancellationToken);
            var current = siblings.FirstOrDefault(r => r.Id == replica.Id) ?? throw ReplicaLookup.NotFound(replica.Id);
            if (current.ReplicaState == ReplicaStates.Active || current.IsPrimary)
            {
                var otherActive = siblings.FirstOrDefault(r => r.Id != current.Id && r.ReplicaState == ReplicaStates.Active && r.Status == ShareStatus.Available);
                if (otherActive is null)
                {
                    throw new BadRequestException("Cannot delete last active replica.");
                }

                if (current.IsPrimary)
                {
                    await ReplicaRepository.MakePrimaryAsync(connection, transaction, current.ShareId, otherActive.Id, cancellationToken);
                }
            }

            if (!force && ReplicaRepository.Busy.Contains(current.Status))
            {
                throw new BadRequestException(
                    $"Share replica {current.Id} is '{current.Status}'; it can be deleted once that finishes (or force-deleted by an administrator).");
            }

            if (!await ShareRepository.TransitionAsync(connection, transaction, current.Id, [current.Status], ShareStatus.Deleting, cancellationToken))
            {
                throw new ConflictException($"Share replica {current.Id} changed status while being deleted; try again.");
            }

            await OperationRepository.InsertAsync(connection, transaction, operation, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        runner.Enqueue(operation);
    }
}

public sealed record DeleteReplicaPayload(bool Force);
