using ShareHost.Api.Auth;

namespace ShareHost.Features.Shares.GetShare;

public static class GetShareEndpoint
{
    public static RouteHandlerBuilder MapGetShare(this IEndpointRouteBuilder app) =>
        app.MapGet("/v2/shares/{id}", async (string id, HttpContext http, RequestContext caller, ShareLookup lookup, ShareView view, CancellationToken cancellationToken) =>
            {
                var share = await lookup.VisibleAsync(id, caller, cancellationToken);
                return TypedResults.Ok(new Dictionary<string, object?> { ["share"] = view.Detail(http, caller, share) });
            })
            .WithName("GetShare")
            .WithSummary("Show a share.");
}
