using ShareHost.Api.Auth;
using ShareHost.Api.Errors;

namespace ShareHost.Features.ShareTypes.ExtraSpecs;

/// <summary><c>GET /v2/types/{type_id}/extra_specs[/{key}]</c> (admin). As in Manila the type is named by id only.</summary>
public static class ListExtraSpecsEndpoints
{
    public static IEndpointRouteBuilder MapListExtraSpecs(this IEndpointRouteBuilder app)
    {
        app.MapGet("/v2/types/{typeId}/extra_specs", async (string typeId, ShareTypeLookup lookup, CancellationToken cancellationToken) =>
            {
                var type = await lookup.ByIdAsync(typeId, cancellationToken);
                return TypedResults.Ok(new Dictionary<string, object> { ["extra_specs"] = Sorted(type.ExtraSpecs) });
            })
            .RequireAdmin("share_types_extra_spec:index")
            .WithName("ListExtraSpecs")
            .WithSummary("List a share type's extra specs (admin).");

        app.MapGet("/v2/types/{typeId}/extra_specs/{key}", async (string typeId, string key, ShareTypeLookup lookup, CancellationToken cancellationToken) =>
            {
                var type = await lookup.ByIdAsync(typeId, cancellationToken);
                return type.ExtraSpecs.TryGetValue(key, out var value)
                    ? TypedResults.Ok(new Dictionary<string, string> { [key] = value })
                    : throw NotFound(typeId, key);
            })
            .RequireAdmin("share_types_extra_spec:show")
            .WithName("GetExtraSpec")
            .WithSummary("Show one extra spec of a share type (admin).");

        return app;
    }

    public static NotFoundException NotFound(string typeId, string key) => new($"Share type {typeId} has no extra spec with key {key}.");

    private static SortedDictionary<string, string> Sorted(IDictionary<string, string> specs) => new(specs, StringComparer.Ordinal);
}
