namespace ShareHost.Features.Scheduling.ListPools;

public static class ListPoolsEndpoints
{
    private const string Filters = "Filters: host, backend, pool, name (regular expressions matched at the start, as Python's re.match; " +
        "a parameter naming no pool field matches nothing, as in Manila), share_type (2.23+, name or id: pools whose capabilities satisfy its extra specs). " +
        "Pools of backends that are down or disabled are left out.";

    public static IEndpointRouteBuilder MapListPools(this IEndpointRouteBuilder app)
    {
        app.MapGet("/v2/scheduler-stats/pools", async (HttpContext http, PoolListing listing, CancellationToken cancellationToken) =>
                TypedResults.Ok(Render(await listing.ListAsync(http, cancellationToken), detail: false, [])))
            .WithName("ListPools")
            .WithSummary("List storage pools (admin): name (host@backend#pool), host, backend, pool. " + Filters);

        app.MapGet("/v2/scheduler-stats/pools/detail", async (HttpContext http, PoolListing listing, IEnumerable<IPoolDetailContributor> contributors,
                CancellationToken cancellationToken) =>
                TypedResults.Ok(Render(await listing.ListAsync(http, cancellationToken), detail: true, contributors)))
            .WithName("ListPoolsDetail")
            .WithSummary("List storage pools with their capabilities, with Manila's keys (admin). " + Filters);

        return app;
    }

    private static Dictionary<string, object?> Render(IReadOnlyList<PoolState> pools, bool detail, IEnumerable<IPoolDetailContributor> contributors) => new()
    {
        ["pools"] = pools.Select(p =>
        {
            var view = new Dictionary<string, object?>
            {
                ["name"] = p.Name,
                ["host"] = p.Host,
                ["backend"] = p.Backend,
                ["pool"] = p.Pool,
            };
            if (detail)
            {
                var capabilities = new Dictionary<string, object?>(p.Capabilities, StringComparer.Ordinal);
                foreach (var contributor in contributors)
                {
                    contributor.Contribute(p, capabilities);
                }

                view["capabilities"] = capabilities;
            }

            return view;
        }).ToList(),
    };
}
