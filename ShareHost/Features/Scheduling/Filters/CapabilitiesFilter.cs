namespace ShareHost.Features.Scheduling.Filters;

/// <summary>The pool's capabilities must satisfy the share type's extra specs (after Manila's rewriting of standard specs).</summary>
public sealed class CapabilitiesFilter : IPoolFilter
{
    public string Name => "Capabilities";

    public bool Passes(PoolState pool, ScheduleRequest request) =>
        ExtraSpecMatcher.FirstUnsatisfied(pool.Capabilities, Rewrite(request)) is null;

    /// <summary>
    /// Standard boolean specs become <c>&lt;is&gt; X</c>, and a protocol requirement is added unless the type sets
    /// <c>storage_protocol</c> itself.
    /// </summary>
    public static IReadOnlyDictionary<string, string> Rewrite(ScheduleRequest request)
    {
        var specs = new Dictionary<string, string>(request.ExtraSpecs, StringComparer.Ordinal);
        foreach (var key in ExtraSpecMatcher.BooleanSpecs)
        {
            if (specs.TryGetValue(key, out var value) && !value.TrimStart().StartsWith("<is>", StringComparison.OrdinalIgnoreCase))
            {
                specs[key] = "<is> " + value;
            }
        }

        if (!specs.ContainsKey("storage_protocol"))
        {
            specs["storage_protocol"] = "<in> " + request.Protocol;
        }

        return specs;
    }
}
