using ShareHost.Api;
using ShareHost.Features.Backends;
using ShareHost.Features.Services;

namespace ShareHost.Features.Plugins.ListBackends;

public static class ListBackendsEndpoint
{
    public static RouteHandlerBuilder MapListBackends(this IEndpointRouteBuilder app) =>
        app.MapGet("/v2/sharehost/backends", (BackendRegistry backends, ServiceCatalog services) =>
                TypedResults.Ok(new Dictionary<string, object?>
                {
                    ["backends"] = backends.All.OrderBy(b => b.Name, StringComparer.Ordinal).Select(b => Render(b, services.ForBackend(b.Name)!)).ToList(),
                }))
            .WithName("ListBackends")
            .WithSummary("ShareHost extension (admin): each configured backend with its driver, availability_zone, state (up/down) and " +
                "reason when down, disabled (and disabled_reason), stats_updated_at (last stats report), pools (how many it reports), " +
                "addresses (reported by the driver, or configured under Backends:<name>:Addresses) and ownership (whether this process " +
                "holds the backend's ownership lease, the holder, its token and expiry in database time, or why this process stands by).");

    private static Dictionary<string, object?> Render(Backend backend, ServiceState service)
    {
        var status = backend.Status;
        var reported = status.Stats?.Addresses ?? [];
        var addresses = reported.Count > 0
            ? reported.Select(a => Address(a.Address, a.Healthy, a.Weight, "driver"))
            : backend.Options.Addresses.Select(a => Address(a, null, null, "configuration"));
        return new Dictionary<string, object?>
        {
            ["name"] = backend.Name,
            ["host"] = service.Host,
            ["driver"] = backend.Options.Driver,
            ["availability_zone"] = backend.Options.AvailabilityZone,
            ["state"] = service.State,
            ["reason"] = service.StateReason,
            ["disabled"] = backend.Disabled,
            ["disabled_reason"] = backend.DisabledReason,
            ["stats_updated_at"] = ManilaJson.Timestamp(status.StatsAt),
            ["pools"] = status.Stats?.Pools.Count ?? 0,
            ["addresses"] = addresses.ToList(),
            ["ownership"] = new Dictionary<string, object?>
            {
                ["owned"] = backend.Ownership.Owned,
                ["holder"] = backend.Ownership.Holder,
                ["token"] = backend.Ownership.Token,
                ["expires_at"] = ManilaJson.Timestamp(backend.Ownership.ExpiresAt),
                ["reason"] = backend.Ownership.Reason,
            },
        };
    }

    private static Dictionary<string, object?> Address(string address, bool? healthy, int? weight, string source) => new()
    {
        ["address"] = address,
        ["healthy"] = healthy,
        ["weight"] = weight,
        ["source"] = source,
    };
}
