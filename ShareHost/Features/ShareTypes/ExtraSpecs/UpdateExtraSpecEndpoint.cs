using System.Text.Json;
using ShareHost.Api.Auth;
using ShareHost.Api.Errors;

namespace ShareHost.Features.ShareTypes.ExtraSpecs;

/// <summary><c>PUT /v2/types/{type_id}/extra_specs/{key}</c> (admin): body <c>{key: value}</c>, exactly one item, the URL's key.</summary>
public static class UpdateExtraSpecEndpoint
{
    public static RouteHandlerBuilder MapUpdateExtraSpec(this IEndpointRouteBuilder app) =>
        app.MapPut("/v2/types/{typeId}/extra_specs/{key}", async (string typeId, string key, JsonElement body, ShareTypeLookup lookup,
                ShareTypeRepository types, CancellationToken cancellationToken) =>
            {
                await lookup.ByIdAsync(typeId, cancellationToken);
                var value = SingleValue(body, key);
                var stored = StandardExtraSpecs.Normalize(key, value);
                _ = await types.SetExtraSpecsAsync(typeId, new Dictionary<string, string> { [key] = stored }, cancellationToken)
                    ?? throw ShareTypeLookup.NotFound(typeId);
                return TypedResults.Ok(new Dictionary<string, string> { [key] = stored });
            })
            .RequireAdmin("share_types_extra_spec:update")
            .WithName("UpdateExtraSpec")
            .WithSummary("Set one extra spec of a share type (admin); the body is {key: value} with the URL's key.");

    private static string SingleValue(JsonElement body, string key)
    {
        if (body.ValueKind != JsonValueKind.Object || !body.EnumerateObject().Any())
        {
            throw new BadRequestException($"The request body must be {{\"{key}\": value}}.");
        }

        var items = body.EnumerateObject().ToList();
        if (items.Count > 1)
        {
            throw new BadRequestException($"The request body contains {items.Count} items; it must contain only \"{key}\".");
        }

        if (items[0].Name != key)
        {
            throw new BadRequestException($"The request body's key '{items[0].Name}' does not match the URL's key '{key}'.");
        }

        var problems = ExtraSpecInput.Problems(new Dictionary<string, JsonElement> { [key] = items[0].Value }).ToList();
        if (problems.Count > 0)
        {
            throw new BadRequestException($"Invalid input for field '{key}': {problems[0].Message}");
        }

        return StandardExtraSpecs.FromJson(items[0].Value)!;
    }
}
