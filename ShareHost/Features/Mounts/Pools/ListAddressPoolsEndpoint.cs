namespace ShareHost.Features.Mounts.Pools;

public static class ListAddressPoolsEndpoint
{
    public static RouteHandlerBuilder MapListAddressPools(this IEndpointRouteBuilder app) =>
        app.MapGet("/v2/sharehost/address-pools", (AddressPools pools, AddressPoolView view) =>
                TypedResults.Ok(new Dictionary<string, object?> { ["address_pools"] = pools.All.Select(view.Render).ToList() }))
            .WithName("ListAddressPools")
            .WithSummary("ShareHost extension (admin): each backend's mount addresses (healthy, weight, live_mounts), its policy " +
                "(round_robin, least_connections, weighted; sticky), whether its driver picks and within which budget, and how often " +
                "the driver, the host, or the host after a driver fallback (timeout, error, invalid answer) chose.");
}
