namespace ShareHost.Features.Scheduling.Filters;

/// <summary>
/// Manila's ShareReplication filter: a share type without <c>replication_type</c> passes everywhere; otherwise the pool
/// needs a replication domain, and a new replica goes only to a pool in the active replica's domain on a backend that
/// holds no replica of the share yet (ShareHost keeps one replica per backend, not per pool).
/// </summary>
public sealed class ShareReplicationFilter : IPoolFilter
{
    public string Name => "ShareReplication";

    public bool Passes(PoolState pool, ScheduleRequest request)
    {
        if (!request.ExtraSpecs.ContainsKey("replication_type"))
        {
            return true;
        }

        if (pool.ReplicationDomain is null)
        {
            return false;
        }

        if (request.Replica is not { } replica)
        {
            return true;
        }

        return replica.ReplicationDomain == pool.ReplicationDomain && !replica.ReplicaBackends.Contains(pool.Backend);
    }
}
