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

        var allowed = Zones(request.ExtraSpecs.GetValueOrDefault("availability_zones")
            ?? request.ExtraSpecs.GetValueOrDefault("capabilities:availability_zones"));
        return allowed.Length == 0 || allowed.Contains(pool.AvailabilityZone);
    }

    /// <summary>The zones of an <c>availability_zones</c> spec; none (absent or blank) means every zone, as in Manila.</summary>
    public static string[] Zones(string? csv) =>
        csv?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries) ?? [];
}
