using ShareHost.Api.Auth;
using ShareHost.Api.Errors;

namespace ShareHost.Features.ShareTypes.DeleteShareType;

public static class DeleteShareTypeEndpoint
{
    public static RouteHandlerBuilder MapDeleteShareType(this IEndpointRouteBuilder app) =>
        app.MapDelete("/v2/types/{id}", async (string id, ShareTypeLookup lookup, ShareTypeRepository types, CancellationToken cancellationToken) =>
            {
                var type = await lookup.ByIdAsync(id, cancellationToken);
                var deletion = await types.DeleteAsync(type.Id, cancellationToken);
                if (deletion.SharesUsingIt > 0)
                {
                    throw new BadRequestException(
                        $"Share type {type.Name} ({type.Id}) is still in use by {deletion.SharesUsingIt} share(s); delete them before the type.");
                }

                if (!deletion.Deleted)
                {
                    throw ShareTypeLookup.NotFound(id);
                }

                return TypedResults.Accepted((string?)null);
            })
            .RequireAdmin("share_type:delete")
            .WithName("DeleteShareType")
            .WithSummary("Delete a share type (admin); refused while shares use it.");
}
