using ShareHost.Api.Auth;

namespace ShareHost.Features.Mounts.GetMount;

public static class GetMountEndpoint
{
    public static RouteHandlerBuilder MapGetMount(this IEndpointRouteBuilder app) =>
        app.MapGet("/v2/sharehost/mounts/{id}", async (string id, RequestContext caller, MountLeaseService leases, MountView view, CancellationToken cancellationToken) =>
            {
                var (lease, live) = await leases.FindVisibleAsync(id, caller, cancellationToken);
                return TypedResults.Ok(new MountResponse(view.Render(caller, lease, live)));
            })
            .WithName("GetMount")
            .WithSummary("ShareHost extension: show a mount and its lease (state active, released or expired; seconds left; fencing token).");
}
