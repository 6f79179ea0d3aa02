using ShareHost.Api.Auth;

namespace ShareHost.Features.ShareTypes.GetShareType;

public static class GetShareTypeEndpoint
{
    public static RouteHandlerBuilder MapGetShareType(this IEndpointRouteBuilder app) =>
        app.MapGet("/v2/types/{id}", async (string id, HttpContext http, RequestContext caller, ShareTypeLookup lookup, ShareTypeView view, CancellationToken cancellationToken) =>
            {
                var type = await lookup.VisibleAsync(id, caller, cancellationToken);
                return TypedResults.Ok(view.One(http, caller, type));
            })
            .WithName("GetShareType")
            .WithSummary("Show a share type, by id or name.");
}
