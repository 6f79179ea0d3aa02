using ShareHost.Api.Auth;
using ShareHost.Api.Versioning;

namespace ShareHost.Features.ShareTypes.UpdateShareType;

public static class UpdateShareTypeEndpoint
{
    public static RouteHandlerBuilder MapUpdateShareType(this IEndpointRouteBuilder app) =>
        app.MapPut("/v2/types/{id}", async (string id, UpdateShareTypeRequest request, HttpContext http, RequestContext caller,
                ShareTypeRepository types, ShareTypeView view, CancellationToken cancellationToken) =>
            {
                var body = request.Body!;
                if (!await types.UpdateAsync(id, body.Name, body.Description, JsonBool.From(body.IsPublic), cancellationToken))
                {
                    throw ShareTypeLookup.NotFound(id);
                }

                var type = await types.FindByIdAsync(id, cancellationToken) ?? throw ShareTypeLookup.NotFound(id);
                return TypedResults.Ok(view.One(http, caller, type));
            })
            .MinVersion("2.50")
            .RequireAdmin("share_type:update")
            .WithName("UpdateShareType")
            .WithSummary("Rename a share type, change its description or visibility (admin, 2.50).");
}
