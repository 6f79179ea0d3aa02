namespace ShareHost.Features.Scheduling.Filters;

/// <summary>
/// Manila's CreateFromSnapshot filter: a share created from a snapshot goes to the snapshot's backend, or to a backend
/// in the same (non-null) replication domain, and only to a pool that advertises create_share_from_snapshot_support
/// (the effective capability: the pool's flag and the driver's interface).
/// </summary>
public sealed class CreateFromSnapshotFilter : IPoolFilter
{
    public string Name => "CreateFromSnapshot";

    public bool Passes(PoolState pool, ScheduleRequest request)
    {
        if (request.Snapshot is not { } source)
        {
            return true;
        }

        if (pool.Capabilities.GetValueOrDefault("create_share_from_snapshot_support") is not true)
        {
            return false;
        }

        return pool.Backend == source.Backend
            || (source.ReplicationDomain is not null && pool.ReplicationDomain == source.ReplicationDomain);
    }
}
