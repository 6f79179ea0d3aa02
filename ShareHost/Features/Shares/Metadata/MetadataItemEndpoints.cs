using ShareHost.Api.Auth;
using ShareHost.Api.Errors;

namespace ShareHost.Features.Shares.Metadata;

/// <summary><c>GET</c>, <c>POST</c> (set one item) and <c>DELETE</c> on <c>/v2/shares/{id}/metadata/{key}</c>.</summary>
public static class MetadataItemEndpoints
{
    public static IEndpointRouteBuilder MapShareMetadataItem(this IEndpointRouteBuilder app)
    {
        app.MapGet("/v2/shares/{id}/metadata/{key}", async (string id, string key, RequestContext caller, ShareLookup lookup,
                ShareMetadataRepository metadata, CancellationToken cancellationToken) =>
            {
                var share = await lookup.VisibleAsync(id, caller, cancellationToken);
                var value = await metadata.FindAsync(share.Id, key, cancellationToken) ?? throw NotFound(share.Id, key);
                return TypedResults.Ok(new { meta = new Dictionary<string, string> { [key] = value } });
            })
            .WithName("GetShareMetadataItem")
            .WithSummary("Show one metadata item as {\"meta\": {key: value}}.");

        app.MapPost("/v2/shares/{id}/metadata/{key}", async (string id, string key, MetadataRequest request, RequestContext caller,
                ShareLookup lookup, ShareMetadataRepository metadata, CancellationToken cancellationToken) =>
            {
                var items = request.Metadata!;
                if (!items.ContainsKey(key))
                {
                    throw new BadRequestException($"Invalid input for field 'metadata': request body and URI mismatch (the body must set '{key}').");
                }

                if (items.Count > 1)
                {
                    throw new BadRequestException("Invalid input for field 'metadata': request body contains too many items (exactly one is allowed).");
                }

                var share = await lookup.OwnedAsync(id, caller, "share:update_share_metadata", cancellationToken);
                AdminOnlyMetadata.EnsureAllowed(caller, items.Keys);
                await metadata.WriteAsync(share.Id, items, replace: false, _ => true, cancellationToken);
                return TypedResults.Ok(new { metadata = items });
            })
            .RequireMember("share:update_share_metadata")
            .WithName("SetShareMetadataItem")
            .WithSummary("Set one metadata item; the body's single key must be the URL's key.");

        app.MapDelete("/v2/shares/{id}/metadata/{key}", async (string id, string key, RequestContext caller, ShareLookup lookup,
                ShareMetadataRepository metadata, CancellationToken cancellationToken) =>
            {
                var share = await lookup.OwnedAsync(id, caller, "share:delete_share_metadata", cancellationToken);
                AdminOnlyMetadata.EnsureAllowed(caller, [key]);
                if (!await metadata.DeleteAsync(share.Id, key, cancellationToken))
                {
                    throw NotFound(share.Id, key);
                }

                return TypedResults.Ok();
            })
            .RequireMember("share:delete_share_metadata")
            .WithName("DeleteShareMetadataItem")
            .WithSummary("Delete one metadata item.");

        return app;
    }

    private static NotFoundException NotFound(string shareId, string key) =>
        new($"Metadata item {key} could not be found for share {shareId}.");
}
