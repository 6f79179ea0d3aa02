using ShareHost.Features.Scheduling.Filters;

namespace ShareHost.Features.Scheduling;

/// <summary>Manila's capacity weigher: prefer the pool with the most (virtually) free space; unknown capacity sorts last.</summary>
public static class CapacityWeigher
{
    public static double Weigh(PoolState pool, ScheduleRequest request)
    {
        if (pool.FreeCapacityGb is not { } free || pool.TotalCapacityGb is not { } total)
        {
            return double.NegativeInfinity;
        }

        var reservedPercent = request.FromSnapshot ? pool.ReservedSnapshotPercentage
            : request.IsExtend ? pool.ReservedShareExtendPercentage
            : pool.ReservedPercentage;
        var reserved = total * reservedPercent / 100.0;
        return CapacityFilter.IsThin(pool, request)
            ? Math.Floor((total * pool.MaxOverSubscriptionRatio) - pool.ProvisionedCapacityGb - reserved)
            : Math.Floor(free - reserved);
    }
}
