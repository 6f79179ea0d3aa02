namespace ShareHost.Features.Scheduling.Filters;

/// <summary>
/// Manila's capacity filter: reserved percentage off the top, then thick provisioning needs the free space and thin
/// provisioning needs to stay under the over-subscription ratio.
/// </summary>
public sealed class CapacityFilter : IPoolFilter
{
    public string Name => "Capacity";

    public bool Passes(PoolState pool, ScheduleRequest request)
    {
        if (pool.FreeCapacityGb is not { } free)
        {
            return true; // unknown free capacity: the backend decides
        }

        var reservedPercent = request.FromSnapshot ? pool.ReservedSnapshotPercentage
            : request.IsExtend ? pool.ReservedShareExtendPercentage
            : pool.ReservedPercentage;
        if (pool.TotalCapacityGb is not { } total)
        {
            return reservedPercent == 0 && request.SizeGb <= free;
        }

        if (total <= 0)
        {
            return false;
        }

        var usable = Math.Floor(free - (total * reservedPercent / 100.0));
        if (IsThin(pool, request) && pool.MaxOverSubscriptionRatio < 1)
        {
            return false; // a misconfigured ratio: Manila refuses the pool rather than guess
        }

        if (IsThin(pool, request))
        {
            var provisionedRatio = (pool.ProvisionedCapacityGb + request.SizeGb) / total;
            if (provisionedRatio > pool.MaxOverSubscriptionRatio)
            {
                return false;
            }

            return usable * pool.MaxOverSubscriptionRatio >= request.SizeGb;
        }

        return usable >= request.SizeGb;
    }

    /// <summary>Thin when the pool offers it and the share type does not ask for thick.</summary>
    public static bool IsThin(PoolState pool, ScheduleRequest request)
    {
        var spec = request.ExtraSpecs.GetValueOrDefault("thin_provisioning") ?? request.ExtraSpecs.GetValueOrDefault("capabilities:thin_provisioning");
        var wantsThick = spec is not null && ExtraSpecMatcher.BoolFromString(spec.Replace("<is>", "", StringComparison.OrdinalIgnoreCase)) == false;
        return pool.ThinProvisioning && !wantsThick;
    }
}
