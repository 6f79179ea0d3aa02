using ShareHost.Api.Auth;
using ShareHost.Api.Errors;
using ShareHost.Features.Operations;
using ShareHost.Features.Snapshots;
using ShareHost.Persistence;

namespace ShareHost.Features.Shares.DeleteShare;

/// <summary>Accepts a delete (or an admin force-delete): guards, instance to <c>deleting</c>, operation recorded.</summary>
public sealed class DeleteShareService(SqliteConnectionFactory connections, ShareRepository shares, OperationRunner runner)
{
    public const string OperationKind = "delete_share";

    public async Task DeleteAsync(ShareRecord share, RequestContext caller, bool force, CancellationToken cancellationToken)
    {
        if (share.HasReplicas)
        {
            throw new ConflictException($"Share {share.Id} has replicas. Remove the replicas before deleting the share.");
        }

        if (share.TaskState is not null && share.TaskState.StartsWith("migration_", StringComparison.Ordinal) && share.TaskState is not ("migration_success" or "migration_error" or "migration_cancelled"))
        {
            throw new BadRequestException($"Share {share.Id} is busy with a migration ({share.TaskState}).");
        }

        if (!force && !ShareStatus.Deletable.Contains(share.Status))
        {
            throw new ConflictException(
                $"Invalid share: Share status must be one of 'available', 'error', 'inactive' to be deleted (it is '{share.Status}').");
        }

        var instances = await shares.InstancesAsync(share.Id, cancellationToken);
        var operation = Operation.Create(OperationKind, share.Id, share.Id, new DeleteSharePayload(force), caller.RequestId, share.ProjectId);
        await using (var connection = await connections.OpenAsync(cancellationToken))
        await using (var transaction = await SqliteConnectionFactory.BeginWriteAsync(connection, cancellationToken))
        {
            // As Manila (even for force_delete): a share's snapshots must go first. Manila answers this InvalidShare with 403.
            var snapshots = await SnapshotRepository.CountForShareAsync(connection, transaction, share.Id, cancellationToken);
            if (snapshots > 0)
            {
                throw new ForbiddenException($"Invalid share: Share {share.Id} still has {snapshots} dependent snapshots; delete them first.");
            }

            foreach (var instance in instances)
            {
                IReadOnlyCollection<string> from = force ? [instance.Status] : ShareStatus.Deletable;
                if (!await ShareRepository.TransitionAsync(connection, transaction, instance.Id, from.ToList(), ShareStatus.Deleting, cancellationToken))
                {
                    throw new ConflictException($"Share {share.Id} changed status while being deleted; try again.");
                }
            }

            await OperationRepository.InsertAsync(connection, transaction, operation, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        runner.Enqueue(operation);
    }
}

public sealed record DeleteSharePayload(bool Force);
