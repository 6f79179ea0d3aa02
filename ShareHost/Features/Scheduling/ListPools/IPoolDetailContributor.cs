namespace ShareHost.Features.Scheduling.ListPools;

/// <summary>
/// Adds ShareHost's own keys to a pool's capabilities in the detail listing only (the scheduler never matches on
/// them), e.g. the backend's mount addresses with their live counts.
/// </summary>
public interface IPoolDetailContributor
{
    void Contribute(PoolState pool, IDictionary<string, object?> capabilities);
}
