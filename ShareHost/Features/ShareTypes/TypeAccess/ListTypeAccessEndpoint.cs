using ShareHost.Api.Auth;
using ShareHost.Api.Errors;

namespace ShareHost.Features.ShareTypes.TypeAccess;

/// <summary>
/// <c>GET /v2/types/{id}/share_type_access</c> (and the pre-2.7 <c>os-share-type-access</c>), admin: the projects that
/// may use a private type. A public type has no list: 404, as in Manila.
/// </summary>
public static class ListTypeAccessEndpoint
{
    public static IEndpointRouteBuilder MapListTypeAccess(this IEndpointRouteBuilder app)
    {
        foreach (var (path, name) in new[] { ("share_type_access", "ListShareTypeAccess"), ("os-share-type-access", "ListShareTypeAccessLegacy") })
        {
            app.MapGet($"/v2/types/{{id}}/{path}", async (string id, ShareTypeLookup lookup, ShareTypeRepository types, CancellationToken cancellationToken) =>
                {
                    var type = await lookup.ByIdAsync(id, cancellationToken);
                    if (type.IsPublic)
                    {
                        throw new NotFoundException($"Access list not available for public share types ({type.Name} is public).");
                    }

                    var projects = await types.ProjectsAsync(type.Id, cancellationToken);
                    return TypedResults.Ok(new Dictionary<string, object>
                    {
                        ["share_type_access"] = projects.Select(p => new Dictionary<string, string> { ["share_type_id"] = type.Id, ["project_id"] = p }).ToList(),
                    });
                })
                .RequireAdmin("share_type:list_project_access")
                .WithName(name)
                .WithSummary("List the projects that may use a private share type (admin).");
        }

        return app;
    }
}
