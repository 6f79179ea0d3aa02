using ShareHost.Api.Auth;
using ShareHost.Api.Errors;
using ShareHost.Api.Versioning;
using ShareHost.Features.Shares;

namespace ShareHost.Features.AccessRules.AccessMetadata;

/// <summary>
/// Access rule metadata (2.45+): <c>PUT .../metadata</c> merges the given items and answers every item;
/// <c>DELETE .../metadata/{key}</c> removes one (404 when absent). Members of the share's project only.
/// </summary>
public static class AccessMetadataEndpoints
{
    public static IEndpointRouteBuilder MapAccessMetadata(this IEndpointRouteBuilder app)
    {
        app.MapPut("/v2/share-access-rules/{id}/metadata", async (string id, AccessMetadataRequest request, RequestContext caller,
                AccessRuleLookup lookup, AccessMetadataRepository metadata, CancellationToken cancellationToken) =>
            {
                var (rule, _) = await lookup.OwnedAsync(id, caller, "share_access_metadata:update", cancellationToken);
                var merged = new Dictionary<string, string>(rule.Metadata, StringComparer.Ordinal);
                foreach (var (key, value) in request.Metadata!)
                {
                    merged[key] = value;
                }

                if (merged.Count > MetadataValidator.MaxItems)
                {
                    throw new BadRequestException(
                        $"Invalid input for field 'metadata': an access rule may have at most {MetadataValidator.MaxItems} items (this request would make {merged.Count}).");
                }

                if (!await metadata.SetMetadataAsync(id, request.Metadata!, cancellationToken))
                {
                    throw new NotFoundException($"Access rule {id} not found.");
                }

                return TypedResults.Ok(new { metadata = merged });
            })
            .MinVersion("2.45")
            .RequireMember("share_access_metadata:update")
            .WithName("SetShareAccessRuleMetadata")
            .WithSummary("Set (merge) metadata items of an access rule.");

        app.MapDelete("/v2/share-access-rules/{id}/metadata/{key}", async (string id, string key, RequestContext caller,
                AccessRuleLookup lookup, AccessMetadataRepository metadata, CancellationToken cancellationToken) =>
            {
                await lookup.OwnedAsync(id, caller, "share_access_metadata:delete", cancellationToken);
                if (!await metadata.DeleteMetadataAsync(id, key, cancellationToken))
                {
                    throw new NotFoundException($"Metadata item {key} of access rule {id} could not be found.");
                }

                return TypedResults.Ok();
            })
            .MinVersion("2.45")
            .RequireMember("share_access_metadata:delete")
            .WithName("DeleteShareAccessRuleMetadata")
            .WithSummary("Remove one metadata item of an access rule.");

        return app;
    }
}
