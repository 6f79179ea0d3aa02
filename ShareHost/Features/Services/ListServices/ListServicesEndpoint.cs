namespace ShareHost.Features.Services.ListServices;

public static class ListServicesEndpoint
{
    /// <summary>Manila's exact-match filters, applied in this order.</summary>
    private static readonly (string Name, Func<ServiceState, string> Value)[] Filters =
    [
        ("host", s => s.Host),
        ("state", s => s.State),
        ("status", s => s.Status),
        ("binary", s => s.Binary),
        ("zone", s => s.Zone),
    ];

    public static RouteHandlerBuilder MapListServices(this IEndpointRouteBuilder app, string path) =>
        app.MapGet(path, (HttpContext http, ServiceCatalog catalog) =>
            {
                IEnumerable<ServiceState> services = catalog.All();
                foreach (var (name, value) in Filters)
                {
                    if (http.Request.Query.TryGetValue(name, out var wanted))
                    {
                        var text = wanted.ToString();
                        services = services.Where(s => value(s) == text);
                    }
                }

                return TypedResults.Ok(new Dictionary<string, object?> { ["services"] = services.Select(ServiceView.Render).ToList() });
            })
            .WithSummary("List services (admin): the scheduler and one manila-share service per backend. Filters (exact): host, binary, zone, " +
                "state (up/down), status (enabled/disabled). ShareHost adds disabled_reason and state_reason (why a backend is down: " +
                "its plugin failed to load, its driver failed to initialise, its stats are stale …).");
}
