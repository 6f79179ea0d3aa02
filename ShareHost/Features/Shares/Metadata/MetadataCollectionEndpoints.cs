using ShareHost.Api.Auth;

namespace ShareHost.Features.Shares.Metadata;

/// <summary><c>GET</c> (list), <c>POST</c> (merge) and <c>PUT</c> (replace all) on <c>/v2/shares/{id}/metadata</c>.</summary>
public static class MetadataCollectionEndpoints
{
    public static IEndpointRouteBuilder MapShareMetadataCollection(this IEndpointRouteBuilder app)
    {
        app.MapGet("/v2/shares/{id}/metadata", async (string id, RequestContext caller, ShareLookup lookup,
                ShareMetadataRepository metadata, CancellationToken cancellationToken) =>
            {
                var share = await lookup.VisibleAsync(id, caller, cancellationToken);
                return TypedResults.Ok(new { metadata = await metadata.ListAsync(share.Id, cancellationToken) });
            })
            .WithName("ListShareMetadata")
            .WithSummary("List a share's metadata.");

        app.MapPost("/v2/shares/{id}/metadata", (string id, MetadataRequest request, RequestContext caller, ShareLookup lookup,
                ShareMetadataRepository metadata, CancellationToken cancellationToken) =>
                WriteAsync(id, request, replace: false, caller, lookup, metadata, cancellationToken))
            .RequireMember("share:update_share_metadata")
            .WithName("MergeShareMetadata")
            .WithSummary("Add or change metadata items; other items stay. Answers the share's whole metadata.");

        app.MapPut("/v2/shares/{id}/metadata", (string id, MetadataRequest request, RequestContext caller, ShareLookup lookup,
                ShareMetadataRepository metadata, CancellationToken cancellationToken) =>
                WriteAsync(id, request, replace: true, caller, lookup, metadata, cancellationToken))
            .RequireMember("share:update_share_metadata")
            .WithName("ReplaceShareMetadata")
            .WithSummary("Replace all of a share's metadata with the items given.");

        return app;
    }

    private static async Task<IResult> WriteAsync(string id, MetadataRequest request, bool replace, RequestContext caller,
        ShareLookup lookup, ShareMetadataRepository metadata, CancellationToken cancellationToken)
    {
        var share = await lookup.OwnedAsync(id, caller, "share:update_share_metadata", cancellationToken);
        AdminOnlyMetadata.EnsureAllowed(caller, request.Metadata!.Keys);
        var result = await metadata.WriteAsync(share.Id, request.Metadata, replace, AdminOnlyMetadata.KeptOnReplace(caller), cancellationToken);
        return TypedResults.Ok(new { metadata = result });
    }
}
