namespace ShareHost.Features.Scheduling.Filters;

/// <summary>The requested zone, and the share type's <c>availability_zones</c> list, must include the pool's zone.</summary>
public sealed class AvailabilityZoneFilter : IPoolFilter
{
    public string Name => "AvailabilityZone";

    public bool Passes(PoolState pool, ScheduleRequest request)
    {
        if (request.AvailabilityZone is { } zone && zone != pool.AvailabilityZone)
        {
            return false;
        }

        var allowed = request.ExtraSpecs.GetValueOrDefault("availability_zones")
            ?? request.ExtraSpecs.GetValueOrDefault("capabilities:availability_zones");
        return allowed is null
            || allowed.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Contains(pool.AvailabilityZone);
    }
}
