using ShareHost.Api.Auth;
using ShareHost.Api.Errors;
using ShareHost.Features.Operations;
using ShareHost.Features.Snapshots;
using ShareHost.Persistence;

namespace ShareHost.Features.Shares.DeleteShare;

/// <summary>
/// Accepts a delete (or an admin force-delete): guards, instance to <c>deleting</c>, operation recorded. A plain delete
/// is refused (400) while the share has live mounts; a force-delete ends them (their clients' access withdrawn) before
/// the driver is asked to delete the share.
/// </summary>
public sealed class DeleteShareService(SqliteConnectionFactory connections, ShareRepository shares, OperationRunner runner, IShareMounts mounts,
    ILogger<DeleteShareService> logger)
{
    /// <summary>How many lease ids a refusal names; the count covers the rest.</summary>
    private const int NamedMounts = 5;

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

            // Checked inside the write transaction: a mount admitted after this writes its lease after the commit and
            // then sees the share 'deleting' (the mount action undoes it).
            if (!force && await mounts.LiveAsync(share, cancellationToken) is { Count: > 0 } live)
            {
                var named = string.Join(", ", live.Take(NamedMounts)) + (live.Count > NamedMounts ? ", ..." : "");
                throw new BadRequestException(
                    $"Invalid share: share {share.Id} has {live.Count} live mount(s) ({named}); " +
                    "they must be released first (DELETE /v2/sharehost/mounts/{id}) or expire; an admin's force_delete ends them.");
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

        try
        {
            if (force)
            {
                // Mounts started after this see the share 'deleting' and are undone; these end before the driver call.
                // Committed: finish even if the caller goes away.
                await mounts.EndAsync(share, CancellationToken.None);
            }
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Ending the live mounts of force-deleted share {Share} failed; they expire on their own", share.Id);
        }
        finally
        {
            runner.Enqueue(operation);
        }
    }
}

public sealed record DeleteSharePayload(bool Force);
