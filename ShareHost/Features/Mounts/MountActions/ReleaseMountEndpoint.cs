using ShareHost.Api.Auth;

namespace ShareHost.Features.Mounts.MountActions;

public static class ReleaseMountEndpoint
{
    public static RouteHandlerBuilder MapReleaseMount(this IEndpointRouteBuilder app) =>
        app.MapDelete("/v2/sharehost/mounts/{id}", async (string id, RequestContext caller, MountLeaseService leases, CancellationToken cancellationToken) =>
            {
                await leases.ReleaseAsync(id, caller, cancellationToken);
                return TypedResults.Accepted((string?)null);
            })
            .WithName("ReleaseMount")
            .WithSummary("ShareHost extension: release (unmount) a mount: its lease ends and the client's access is withdrawn. 202.");
}
