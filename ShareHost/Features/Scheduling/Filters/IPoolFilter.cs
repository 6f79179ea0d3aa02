namespace ShareHost.Features.Scheduling.Filters;

/// <summary>One of Manila's scheduler filters: does this pool pass for this request?</summary>
public interface IPoolFilter
{
    /// <summary>The filter's name as Manila's user messages use it (AvailabilityZone, Capacity, Capabilities …).</summary>
    string Name { get; }

    bool Passes(PoolState pool, ScheduleRequest request);
}
