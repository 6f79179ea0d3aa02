using ShareHost.Api.Auth;
using ShareHost.Api.Errors;
using ShareHost.Api.Versioning;

namespace ShareHost.Features.ShareTypes.ExtraSpecs;

public static class DeleteExtraSpecEndpoint
{
    public static RouteHandlerBuilder MapDeleteExtraSpec(this IEndpointRouteBuilder app) =>
        app.MapDelete("/v2/types/{typeId}/extra_specs/{key}", async (string typeId, string key, HttpContext http, ShareTypeLookup lookup,
                ShareTypeRepository types, CancellationToken cancellationToken) =>
            {
                await lookup.ByIdAsync(typeId, cancellationToken);
                // driver_handles_share_servers is required; before 2.24 snapshot_support was too.
                if (key == StandardExtraSpecs.DriverHandlesShareServers
                    || (key == StandardExtraSpecs.SnapshotSupport && !http.ApiVersion().AtLeast("2.24")))
                {
                    throw new ForbiddenException($"Extra spec '{key}' can't be deleted.");
                }

                if (!await types.DeleteExtraSpecAsync(typeId, key, cancellationToken))
                {
                    throw ListExtraSpecsEndpoints.NotFound(typeId, key);
                }

                return TypedResults.Accepted((string?)null);
            })
            .RequireAdmin("share_types_extra_spec:delete")
            .WithName("DeleteExtraSpec")
            .WithSummary("Delete one extra spec of a share type (admin); driver_handles_share_servers cannot be deleted.");
}
