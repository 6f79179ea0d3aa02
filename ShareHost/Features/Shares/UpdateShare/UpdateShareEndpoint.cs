using ShareHost.Api.Auth;
using ShareHost.Api.Errors;

namespace ShareHost.Features.Shares.UpdateShare;

public static class UpdateShareEndpoint
{
    public static RouteHandlerBuilder MapUpdateShare(this IEndpointRouteBuilder app) =>
        app.MapPut("/v2/shares/{id}", async (string id, UpdateShareRequest request, RequestContext caller, HttpContext http,
                ShareLookup lookup, ShareRepository shares, ShareView view, CancellationToken cancellationToken) =>
            {
                var share = await lookup.OwnedAsync(id, caller, "share:update", cancellationToken);
                var body = request.Share!;
                if (body.IsPublic == true)
                {
                    caller.EnsureAdmin("share:set_public_share");
                }

                var update = new ShareUpdate(body.HasDisplayName, body.DisplayName, body.HasDisplayDescription, body.DisplayDescription, body.IsPublic);
                var updated = await shares.UpdateAsync(share.Id, update, cancellationToken) ? await shares.FindAsync(share.Id, cancellationToken) : null;
                return TypedResults.Ok(new Dictionary<string, object?>
                {
                    ["share"] = view.Detail(http, caller, updated ?? throw new NotFoundException($"Share {id} could not be found.")),
                });
            })
            .RequireMember("share:update")
            .WithName("UpdateShare")
            .WithSummary("Update a share's display_name, display_description and (admin) is_public.");
}
