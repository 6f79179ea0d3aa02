using ShareHost.Features.Backends;
using ShareHost.Features.Mounts.Access;
using ShareHost.Features.Mounts.Expiry;
using ShareHost.Features.Mounts.Leases;
using ShareHost.Features.Snapshots;

namespace ShareHost.Features.Mounts.MountSnapshot;

/// <summary>
/// A snapshot's live mount leases for the snapshot delete: this process's lease table when it holds the snapshot's
/// backend (it alone sees leases still being granted), else the recorded rows whose time is not up. Ending them is
/// a release (as by the clients), so each client's snapshot access rule is withdrawn at the driver.
/// </summary>
public sealed class SnapshotLeases(
    LeaseTable table,
    MountLeaseRepository repository,
    LeaseExpiry expiry,
    IMountAccess access,
    BackendRegistry backends) : ISnapshotMounts
{
    public async Task<IReadOnlyList<string>> LiveAsync(SnapshotRecord snapshot, CancellationToken cancellationToken)
    {
        if (HeldHere(snapshot))
        {
            return table.LiveOnSnapshot(snapshot.ShareId, snapshot.Id).Select(l => l.Id).ToList();
        }

        return await repository.LiveOnSnapshotAsync(snapshot.ShareId, snapshot.Id, cancellationToken);
    }

    public async Task<int> EndAsync(SnapshotRecord snapshot, CancellationToken cancellationToken)
    {
        var ended = table.EndAll(table.LiveOnSnapshot(snapshot.ShareId, snapshot.Id, writtenOnly: true), LeaseStates.Released, access.Withdrawing);
        await expiry.CompleteAsync(ended, cancellationToken);
        return ended.Leases.Count;
    }

    private bool HeldHere(SnapshotRecord snapshot) =>
        snapshot.Backend is not { } backend || backends.Find(backend) is not { Ownership.Owned: false };
}
