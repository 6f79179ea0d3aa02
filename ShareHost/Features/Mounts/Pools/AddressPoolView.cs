using ShareHost.Abstractions;
using ShareHost.Api;
using ShareHost.Features.Mounts.Leases;

namespace ShareHost.Features.Mounts.Pools;

/// <summary>An address pool as the admin sees it: each address with health, weight and live mounts; the policy; who chose how often.</summary>
public sealed class AddressPoolView(LeaseTable table)
{
    public IReadOnlyList<Dictionary<string, object?>> Addresses(AddressPool pool)
    {
        var counts = table.CountsFor(pool.Backend.Name);
        return pool.Addresses.Select(a => new Dictionary<string, object?>
        {
            ["address"] = a.Address,
            ["healthy"] = a.Healthy,
            ["weight"] = Math.Max(1, a.Weight),
            ["live_mounts"] = counts.GetValueOrDefault(a.Address),
        }).ToList();
    }

    public Dictionary<string, object?> Render(AddressPool pool)
    {
        var backend = pool.Backend;
        var last = pool.LastFallback;
        return new Dictionary<string, object?>
        {
            ["backend"] = backend.Name,
            ["state"] = backend.IsUp ? "up" : "down",
            ["owned"] = backend.Ownership.Owned,
            ["policy"] = pool.PolicyName,
            ["sticky"] = pool.Sticky,
            ["policy_error"] = pool.PolicyError,
            ["driver_picks"] = pool.DriverPicks && backend.Driver is IAddressPicker,
            ["pick_budget_ms"] = pool.PickBudget.TotalMilliseconds,
            ["addresses_from"] = pool.AddressesFrom,
            ["addresses"] = Addresses(pool),
            ["choices"] = new Dictionary<string, object?>
            {
                ["driver"] = pool.DriverChoices,
                ["host"] = pool.HostChoices - pool.Fallbacks,
                ["host_fallback"] = pool.Fallbacks,
            },
            ["fallbacks"] = new Dictionary<string, object?>
            {
                ["timeout"] = pool.FallbackTimeouts,
                ["error"] = pool.FallbackErrors,
                ["invalid_answer"] = pool.FallbackInvalid,
                ["last"] = last is null ? null : new Dictionary<string, object?>
                {
                    ["reason"] = last.Reason.ToString().ToLowerInvariant(),
                    ["detail"] = last.Detail,
                    ["at"] = ManilaJson.Timestamp(last.At),
                },
            },
        };
    }
}
