using ShareHost.Abstractions;
using ShareHost.Features.Backends;
using ShareHost.Features.Scheduling;

namespace ShareHost.Features.Snapshots.ShareFromSnapshot;

/// <summary>
/// The create-share handler's part for shares created from a snapshot: where the snapshot lives (so the scheduler's
/// CreateFromSnapshot filter and host-affinity weigher can place the share), and the driver call that gives the new
/// instance the snapshot's content (<see cref="IShareFromSnapshotDriver"/>, refused before calling when missing).
/// </summary>
public sealed class ShareFromSnapshotBuilder(SnapshotRepository snapshots, SnapshotDrivers drivers, PoolCatalog pools)
{
    /// <summary>The snapshot's location, or null when the snapshot is gone or no longer available.</summary>
    public async Task<SnapshotSource?> SourceAsync(string snapshotId, CancellationToken cancellationToken)
    {
        var snapshot = await snapshots.FindAsync(snapshotId, cancellationToken);
        if (snapshot is not { Status: SnapshotStatus.Available, Backend: { } backend, Pool: { } pool })
        {
            return null;
        }

        var domain = pools.Current().FirstOrDefault(p => p.Backend == backend && p.Pool == pool)?.ReplicationDomain;
        return new SnapshotSource(backend, pool, snapshot.AvailabilityZone ?? "", domain);
    }

    /// <summary>Asks the chosen backend to create <paramref name="share"/> from the snapshot.</summary>
    public async Task<CreateShareResult> CreateAsync(Backend backend, DriverShare share, string snapshotId, CancellationToken cancellationToken)
    {
        var snapshot = await snapshots.FindAsync(snapshotId, cancellationToken);
        if (snapshot is null || snapshot.Status is not (SnapshotStatus.Available or SnapshotStatus.Restoring))
        {
            throw new DriverCallException($"snapshot {snapshotId} is gone or not available",
                $"Snapshot {snapshotId} is no longer available ({snapshot?.Status ?? "deleted"}).");
        }

        var (_, driverSnapshot) = await drivers.ResolveAsync(snapshot, cancellationToken);
        return await drivers.CallAsync<IShareFromSnapshotDriver, CreateShareResult>(backend, backend.Name, "CreateShareFromSnapshot",
            (driver, ct) => driver.CreateShareFromSnapshotAsync(share, driverSnapshot, ct), cancellationToken);
    }
}
