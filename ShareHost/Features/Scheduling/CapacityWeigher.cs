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

        // As Manila's weigher: always the share reserve, and thin arithmetic whenever the pool offers thin provisioning.
        var reserved = total * pool.ReservedPercentage / 100.0;
        return pool.ThinProvisioning
            ? Math.Floor((total * pool.MaxOverSubscriptionRatio) - pool.ProvisionedCapacityGb - reserved)
            : Math.Floor(free - reserved);
    }
}
