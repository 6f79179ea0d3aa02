using ShareHost.Api.Auth;
using ShareHost.Api.Errors;
using ShareHost.Features.Shares;

namespace ShareHost.Features.Snapshots.ShareFromSnapshot;

/// <summary>The snapshot a new share starts from, and the share it was taken of.</summary>
public sealed record SnapshotOrigin(SnapshotRecord Snapshot, ShareRecord Parent);

/// <summary>
/// The API's checks for <c>snapshot_id</c> on share create (manila-zed §3.1, §7.6): the snapshot must be visible to
/// the caller (another project's is 404) and available (400), and the share it was taken of must have
/// create_share_from_snapshot_support on a pool that advertises it (400).
/// </summary>
public sealed class ShareFromSnapshotSource(SnapshotLookup lookup, ShareRepository shares, SnapshotCapabilities capabilities)
{
    public async Task<SnapshotOrigin> ResolveAsync(string snapshotId, RequestContext caller, CancellationToken cancellationToken)
    {
        var snapshot = await lookup.VisibleAsync(snapshotId, caller, cancellationToken);
        EnsureAvailable(snapshot);
        var parent = await shares.FindAsync(snapshot.ShareId, cancellationToken) ?? throw SnapshotLookup.NotFound(snapshotId);
        if (!parent.CreateShareFromSnapshotSupport)
        {
            throw new BadRequestException(
                $"Invalid input for field 'share.snapshot_id': the share {parent.Id} that snapshot {snapshot.Id} was taken of does not have create_share_from_snapshot_support.");
        }

        if (!capabilities.Advertises(snapshot.Backend, snapshot.Pool, SnapshotCapabilities.CreateShareFromSnapshot))
        {
            throw new BadRequestException(
                $"Invalid input for field 'share.snapshot_id': the pool {SnapshotCapabilities.Describe(snapshot.Backend, snapshot.Pool)} holding snapshot {snapshot.Id} does not advertise create_share_from_snapshot_support.");
        }

        return new SnapshotOrigin(snapshot, parent);
    }

    public static void EnsureAvailable(SnapshotRecord snapshot)
    {
        if (snapshot.Status != SnapshotStatus.Available)
        {
            throw new BadRequestException(
                $"Invalid input for field 'share.snapshot_id': snapshot {snapshot.Id} must be 'available' to create a share from it (it is '{snapshot.Status}').");
        }
    }
}
