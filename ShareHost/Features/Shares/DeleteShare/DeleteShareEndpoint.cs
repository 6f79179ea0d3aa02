using ShareHost.Api.Auth;

namespace ShareHost.Features.Shares.DeleteShare;

public static class DeleteShareEndpoint
{
    public static RouteHandlerBuilder MapDeleteShare(this IEndpointRouteBuilder app) =>
        app.MapDelete("/v2/shares/{id}", async (string id, RequestContext caller, ShareLookup lookup, DeleteShareService service, CancellationToken cancellationToken) =>
            {
                var share = await lookup.OwnedAsync(id, caller, "share:delete", cancellationToken);
                await service.DeleteAsync(share, caller, force: false, cancellationToken);
                return TypedResults.Accepted((string?)null);
            })
            .RequireMember("share:delete")
            .WithName("DeleteShare")
            .WithSummary("Delete a share (status available, error or inactive; no snapshots or replicas).");
}
