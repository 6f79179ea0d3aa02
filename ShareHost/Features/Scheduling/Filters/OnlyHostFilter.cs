namespace ShareHost.Features.Scheduling.Filters;

/// <summary>
/// Manila's OnlyHost filter: an admin's <c>only_host</c> scheduler hint (<c>host@backend#pool</c>) admits that pool alone.
/// The API drops the hint for non-admins before it gets here.
/// </summary>
public sealed class OnlyHostFilter : IPoolFilter
{
    public string Name => "OnlyHost";

    public bool Passes(PoolState pool, ScheduleRequest request) =>
        request.OnlyHost is not { } host || string.Equals(pool.Name, host, StringComparison.Ordinal);
}
