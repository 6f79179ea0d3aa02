using ShareHost.Api.Auth;

namespace ShareHost.Features.ShareTypes.ListShareTypes;

public static class ListShareTypesEndpoint
{
    public static RouteHandlerBuilder MapListShareTypes(this IEndpointRouteBuilder app) =>
        app.MapGet("/v2/types", async (HttpContext http, RequestContext caller, ShareTypeRepository types, ShareTypeView view, CancellationToken cancellationToken) =>
            {
                var query = ShareTypeListQuery.From(http, caller);
                var listed = await types.ListAsync(query.IsPublic, caller.ProjectId, cancellationToken);
                return TypedResults.Ok(view.List(http, caller, listed.Where(query.Matches)));
            })
            .WithName("ListShareTypes")
            .WithSummary("List share types: public ones and the private ones your project may use. Admins: is_public=true|false|all. extra_specs={'k': 'v'} filter (2.43).");
}
