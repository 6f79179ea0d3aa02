using ShareHost.Features.Backends;
using ShareHost.Features.Mounts.Access;
using ShareHost.Features.Mounts.Expiry;
using ShareHost.Features.Mounts.Leases;
using ShareHost.Features.Shares;
using ShareHost.Features.Snapshots;

namespace ShareHost.Features.Mounts;

/// <summary>
/// The live mount leases of a share (all of them, snapshot mounts included) or of one of its snapshots, for their
/// deletes: this process's lease table when it holds the share's backend (it alone sees leases still being granted),
/// else the recorded rows whose time is not up. Ending them is a release (as by the clients), so each client's access
/// rule is withdrawn at the driver.
/// </summary>
public sealed class MountedTargets(
    LeaseTable table,
    MountLeaseRepository repository,
    LeaseExpiry expiry,
    IMountAccess access,
    BackendRegistry backends) : IShareMounts, ISnapshotMounts
{
    public Task<IReadOnlyList<string>> LiveAsync(ShareRecord share, CancellationToken cancellationToken) =>
        LiveAsync(share.Id, null, share.Backend, cancellationToken);

    public Task<int> EndAsync(ShareRecord share, CancellationToken cancellationToken) =>
        EndAsync(share.Id, null, cancellationToken);

    public Task<IReadOnlyList<string>> LiveAsync(SnapshotRecord snapshot, CancellationToken cancellationToken) =>
        LiveAsync(snapshot.ShareId, snapshot.Id, snapshot.Backend, cancellationToken);

    public Task<int> EndAsync(SnapshotRecord snapshot, CancellationToken cancellationToken) =>
        EndAsync(snapshot.ShareId, snapshot.Id, cancellationToken);

    private async Task<IReadOnlyList<string>> LiveAsync(string shareId, string? snapshotId, string? backend, CancellationToken cancellationToken)
    {
        if (HeldHere(backend))
        {
            return table.LiveOn(shareId, snapshotId).Select(l => l.Id).ToList();
        }

        return await repository.LiveOnAsync(shareId, snapshotId, cancellationToken);
    }

    private async Task<int> EndAsync(string shareId, string? snapshotId, CancellationToken cancellationToken)
    {
        var ended = table.EndAll(table.LiveOn(shareId, snapshotId, writtenOnly: true), LeaseStates.Released, access.Withdrawing);
        await expiry.CompleteAsync(ended, cancellationToken);
        return ended.Leases.Count;
    }

    private bool HeldHere(string? backend) =>
        backend is null || backends.Find(backend) is not { Ownership.Owned: false };
}
