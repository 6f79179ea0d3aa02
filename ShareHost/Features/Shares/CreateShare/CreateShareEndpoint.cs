using ShareHost.Api.Auth;

namespace ShareHost.Features.Shares.CreateShare;

public static class CreateShareEndpoint
{
    public static RouteHandlerBuilder MapCreateShare(this IEndpointRouteBuilder app) =>
        app.MapPost("/v2/shares", async (CreateShareRequest request, RequestContext caller, HttpContext http,
                CreateShareService service, ShareView view, CancellationToken cancellationToken) =>
            {
                var share = await service.CreateAsync(request.Share!, caller, cancellationToken);
                return TypedResults.Ok(new Dictionary<string, object?> { ["share"] = view.Detail(http, caller, share) });
            })
            .RequireMember("share:create")
            .WithName("CreateShare")
            .WithSummary("Create a share; it answers 'creating' and becomes 'available' in the background.");
}
