using ShareHost.Features.Backends;
using ShareHost.Features.Scheduling.Filters;

namespace ShareHost.Features.Scheduling;

/// <summary>The outcome of placing a request: the chosen pool, or which filter removed which pools.</summary>
public sealed record ScheduleResult(PoolState? Chosen, string? LastFilter, string Explanation)
{
    public bool Succeeded => Chosen is not null;
}

/// <summary>
/// Manila's filter scheduler for what exists now: pools of up and enabled backends, through the OnlyHost,
/// AvailabilityZone, Capacity, Capabilities, ShareReplication and CreateFromSnapshot filters, weighed by capacity and
/// host affinity (normalised and summed, as Manila's weighers), a new replica preferring a zone without one; the
/// winner's capacity is consumed until the next report.
/// </summary>
public sealed class FilterScheduler(PoolCatalog pools, BackendRegistry backends, IEnumerable<IPoolFilter> filters)
{
    private readonly IReadOnlyList<IPoolFilter> _filters = filters.ToList();
    private readonly Lock _lock = new();

    public ScheduleResult Schedule(ScheduleRequest request)
    {
        lock (_lock)
        {
            var candidates = Candidates(out var unavailable);
            if (candidates.Count == 0)
            {
                return new ScheduleResult(null, null, "no backend is up and enabled" + (unavailable.Length > 0 ? $" ({unavailable})" : ""));
            }

            var removed = new List<string>();
            string? lastFilter = null;
            foreach (var filter in _filters)
            {
                var failing = candidates.Where(p => !filter.Passes(p, request)).ToList();
                if (failing.Count == 0)
                {
                    continue;
                }

                lastFilter = filter.Name;
                removed.Add($"{filter.Name} removed {string.Join(", ", failing.Select(p => p.Name))}");
                candidates = candidates.Except(failing).ToList();
                if (candidates.Count == 0)
                {
                    return new ScheduleResult(null, lastFilter, string.Join("; ", removed));
                }
            }

            candidates = ReplicaZonePreference.Apply(candidates, request);
            var chosen = candidates[Weighing.Best(candidates, request, CapacityWeigher.Weigh, HostAffinityWeigher.Weigh)];
            pools.Consume(chosen.Backend, chosen.Pool, request.SizeGb);
            return new ScheduleResult(chosen, null, $"chose {chosen.Name}");
        }
    }

    /// <summary>Whether the pool a share already lives in can take the request (extend), through the given filters only.</summary>
    public ScheduleResult CheckPool(string backend, string pool, ScheduleRequest request, params string[] filterNames)
    {
        lock (_lock)
        {
            var state = pools.Current().FirstOrDefault(p => p.Backend == backend && p.Pool == pool);
            if (state is null)
            {
                return new ScheduleResult(null, null, $"pool {backend}#{pool} is not reporting (backend down or pool gone)");
            }

            foreach (var filter in _filters.Where(f => filterNames.Contains(f.Name)))
            {
                if (!filter.Passes(state, request))
                {
                    return new ScheduleResult(null, filter.Name, $"{filter.Name} removed {state.Name}");
                }
            }

            pools.Consume(backend, pool, request.SizeGb);
            return new ScheduleResult(state, null, $"{state.Name} can take it");
        }
    }

    private List<PoolState> Candidates(out string unavailable)
    {
        var down = backends.All.Where(b => !backends.IsServing(b))
            .Select(b => b.Disabled ? $"{b.Name}: disabled" : $"{b.Name}: {b.Status.Health(DateTime.UtcNow, TimeSpan.MaxValue).Reason ?? "stats are stale"}")
            .ToList();
        unavailable = string.Join("; ", down);
        return pools.Current().Where(p => backends.Find(p.Backend) is { } b && backends.IsServing(b)).ToList();
    }
}
