namespace ShareHost.Features.Scheduling;

/// <summary>
/// Manila's host-affinity weigher, only for shares created from a snapshot: the snapshot's own pool 100, its backend
/// 75, its availability zone 50, anywhere else 25; every pool weighs the same otherwise.
/// </summary>
public static class HostAffinityWeigher
{
    public static double Weigh(PoolState pool, ScheduleRequest request)
    {
        if (request.Snapshot is not { } source)
        {
            return 0;
        }

        if (pool.Backend == source.Backend)
        {
            return pool.Pool == source.Pool ? 100 : 75;
        }

        return pool.AvailabilityZone == source.AvailabilityZone ? 50 : 25;
    }
}
