using ShareHost.Api.Auth;

namespace ShareHost.Features.ShareTypes.ExtraSpecs;

public static class SetExtraSpecsEndpoint
{
    public static RouteHandlerBuilder MapSetExtraSpecs(this IEndpointRouteBuilder app) =>
        app.MapPost("/v2/types/{typeId}/extra_specs", async (string typeId, SetExtraSpecsRequest request, ShareTypeRepository types, CancellationToken cancellationToken) =>
            {
                var specs = ExtraSpecInput.ToStored(request.ExtraSpecs!);
                _ = await types.SetExtraSpecsAsync(typeId, specs, cancellationToken) ?? throw ShareTypeLookup.NotFound(typeId);
                return TypedResults.Ok(new Dictionary<string, object> { ["extra_specs"] = specs });
            })
            .RequireAdmin("share_types_extra_spec:create")
            .WithName("SetExtraSpecs")
            .WithSummary("Add or overwrite extra specs of a share type (admin); other specs are kept.");
}
