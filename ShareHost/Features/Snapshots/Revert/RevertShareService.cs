using ShareHost.Api.Auth;
using ShareHost.Api.Errors;
using ShareHost.Features.Operations;
using ShareHost.Features.Quotas;
using ShareHost.Features.Shares;
using ShareHost.Features.Shares.Resize;
using ShareHost.Persistence;

namespace ShareHost.Features.Snapshots.Revert;

/// <summary>
/// Accepts a revert with Manila's guards (manila-zed §7.6): the share needs revert_to_snapshot_support on a pool that
/// advertises it (400); the snapshot must be this share's (400), available (409) and its latest (409); the share
/// available (409), not busy (409), with every access rule active (409); quota for growth back to the snapshot's
/// size (413). Then, atomically: share <c>reverting</c>, snapshot <c>restoring</c>, operation recorded.
/// </summary>
public sealed class RevertShareService(
    SqliteConnectionFactory connections,
    ShareLookup shareLookup,
    SnapshotLookup snapshotLookup,
    SnapshotCapabilities capabilities,
    QuotaRepository quotas,
    OperationRunner runner)
{
    public const string OperationKind = "revert_share";

    private static readonly string[] Available = [ShareStatus.Available];

    public async Task RevertAsync(string shareId, string snapshotId, RequestContext caller, CancellationToken cancellationToken)
    {
        var visible = await shareLookup.OwnedAsync(shareId, caller, "share:revert_to_snapshot", cancellationToken);
        var requested = await snapshotLookup.VisibleAsync(snapshotId, caller, cancellationToken);
        if (!visible.RevertToSnapshotSupport)
        {
            throw new BadRequestException(
                $"Invalid share: share {visible.Id} does not have revert_to_snapshot_support (its share type does not ask for revert_to_snapshot_support=True).");
        }

        if (!capabilities.Advertises(visible.Backend, visible.Pool, SnapshotCapabilities.Revert))
        {
            throw new BadRequestException(
                $"Invalid share: the pool {SnapshotCapabilities.Describe(visible.Backend, visible.Pool)} of share {visible.Id} does not advertise revert_to_snapshot_support.");
        }

        if (requested.ShareId != visible.Id)
        {
            throw new BadRequestException(
                $"Invalid input for field 'revert.snapshot_id': snapshot {requested.Id} is not of share {visible.Id} (it is of share {requested.ShareId}).");
        }

        Operation operation;
        await using (var connection = await connections.OpenAsync(cancellationToken))
        await using (var transaction = await SqliteConnectionFactory.BeginWriteAsync(connection, cancellationToken))
        {
            var share = await ShareRepository.FindAsync(connection, transaction, visible.Id, cancellationToken)
                ?? throw new NotFoundException($"Share {visible.Id} could not be found.");
            var all = await SnapshotRepository.ForShareAsync(connection, transaction, share.Id, cancellationToken);
            var snapshot = all.FirstOrDefault(s => s.Id == requested.Id) ?? throw SnapshotLookup.NotFound(requested.Id);
            if (share.Status != ShareStatus.Available)
            {
                throw new ConflictException($"Share {share.Id} must be 'available' to be reverted (it is '{share.Status}').");
            }

            if (snapshot.Status != SnapshotStatus.Available)
            {
                throw new ConflictException($"Snapshot {snapshot.Id} must be 'available' to revert to it (it is '{snapshot.Status}').");
            }

            if (share.TaskState is not null && ResizeGuards.BusyTaskStates.Contains(share.TaskState))
            {
                throw new ConflictException($"Share {share.Id} is busy as part of an active task: {share.TaskState}.");
            }

            if (all[^1].Id != snapshot.Id)
            {
                throw new ConflictException(
                    $"Snapshot {snapshot.Id} is not the latest snapshot of share {share.Id}: a share can only be reverted to its latest snapshot ({all[^1].Id}).");
            }

            if (share.AccessRulesStatus != "active")
            {
                throw new ConflictException(
                    $"Share {share.Id} cannot be reverted while its access rules are '{share.AccessRulesStatus}'; wait until they are 'active'.");
            }

            if (snapshot.Size > share.Size)
            {
                await quotas.EnsureShareQuotaAsync(connection, transaction, share.ProjectId, 0, snapshot.Size - share.Size, snapshot.Size, cancellationToken);
            }

            if (!await ShareRepository.TransitionAsync(connection, transaction, share.InstanceId, Available, ShareStatus.Reverting, cancellationToken)
                || !await SnapshotRepository.TransitionAsync(connection, transaction, snapshot.InstanceId, [SnapshotStatus.Available], SnapshotStatus.Restoring, cancellationToken))
            {
                throw new ConflictException($"Share {share.Id} or snapshot {snapshot.Id} changed status meanwhile; try again.");
            }

            operation = Operation.Create(OperationKind, share.Id, share.InstanceId, new RevertSharePayload(snapshot.InstanceId), caller.RequestId, share.ProjectId);
            await OperationRepository.InsertAsync(connection, transaction, operation, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        runner.Enqueue(operation);
    }
}
