using ShareHost.Api.Auth;
using ShareHost.Api.Errors;
using ShareHost.Api.Versioning;
using ShareHost.Features.Shares.Metadata;

namespace ShareHost.Features.Snapshots.Metadata;

/// <summary>
/// Snapshot metadata (2.73): <c>GET</c>/<c>POST</c> (merge)/<c>PUT</c> (replace all) on <c>/v2/snapshots/{id}/metadata</c>,
/// and <c>GET</c>/<c>PUT</c>/<c>POST</c> (set one)/<c>DELETE</c> on <c>/v2/snapshots/{id}/metadata/{key}</c>.
/// </summary>
public static class SnapshotMetadataEndpoints
{
    public static IEndpointRouteBuilder MapSnapshotMetadata(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("").MinVersion("2.73");
        group.MapGet("/v2/snapshots/{id}/metadata", async (string id, RequestContext caller, SnapshotLookup lookup,
                SnapshotMetadataRepository metadata, CancellationToken cancellationToken) =>
            {
                var snapshot = await lookup.VisibleAsync(id, caller, cancellationToken);
                return TypedResults.Ok(new { metadata = await metadata.ListAsync(snapshot.Id, cancellationToken) });
            })
            .WithName("ListSnapshotMetadata")
            .WithSummary("List a snapshot's metadata (2.73).");

        group.MapPost("/v2/snapshots/{id}/metadata", (string id, MetadataRequest request, RequestContext caller, SnapshotLookup lookup,
                SnapshotMetadataRepository metadata, CancellationToken cancellationToken) =>
                WriteAsync(id, request.Metadata!, replace: false, caller, lookup, metadata, cancellationToken))
            .RequireMember("share_snapshot:update_metadata")
            .WithName("MergeSnapshotMetadata")
            .WithSummary("Add or change snapshot metadata items; others stay (2.73).");

        group.MapPut("/v2/snapshots/{id}/metadata", (string id, MetadataRequest request, RequestContext caller, SnapshotLookup lookup,
                SnapshotMetadataRepository metadata, CancellationToken cancellationToken) =>
                WriteAsync(id, request.Metadata!, replace: true, caller, lookup, metadata, cancellationToken))
            .RequireMember("share_snapshot:update_metadata")
            .WithName("ReplaceSnapshotMetadata")
            .WithSummary("Replace all of a snapshot's metadata (2.73).");

        group.MapGet("/v2/snapshots/{id}/metadata/{key}", async (string id, string key, RequestContext caller, SnapshotLookup lookup,
                SnapshotMetadataRepository metadata, CancellationToken cancellationToken) =>
            {
                var snapshot = await lookup.VisibleAsync(id, caller, cancellationToken);
                var items = await metadata.ListAsync(snapshot.Id, cancellationToken);
                return items.TryGetValue(key, out var value)
                    ? TypedResults.Ok(new { meta = new Dictionary<string, string> { [key] = value } })
                    : throw NotFound(snapshot.Id, key);
            })
            .WithName("GetSnapshotMetadataItem")
            .WithSummary("Show one snapshot metadata item as {\"meta\": {key: value}} (2.73).");

        foreach (var method in new[] { "PUT", "POST" })
        {
            group.MapMethods("/v2/snapshots/{id}/metadata/{key}", [method], (string id, string key, MetadataRequest request, RequestContext caller,
                    SnapshotLookup lookup, SnapshotMetadataRepository metadata, CancellationToken cancellationToken) =>
                {
                    var items = request.Metadata!;
                    if (items.Count != 1 || !items.ContainsKey(key))
                    {
                        throw new BadRequestException($"Invalid input for field 'metadata': the body must set exactly one item, '{key}' (the key in the URL).");
                    }

                    return WriteAsync(id, items, replace: false, caller, lookup, metadata, cancellationToken, echo: true);
                })
                .RequireMember("share_snapshot:update_metadata")
                .WithName(method == "PUT" ? "SetSnapshotMetadataItem" : "SetSnapshotMetadataItemPost")
                .WithSummary("Set one snapshot metadata item; the body's single key must be the URL's key (2.73).");
        }

        group.MapDelete("/v2/snapshots/{id}/metadata/{key}", async (string id, string key, RequestContext caller, SnapshotLookup lookup,
                SnapshotMetadataRepository metadata, CancellationToken cancellationToken) =>
            {
                var snapshot = await lookup.VisibleAsync(id, caller, cancellationToken);
                return await metadata.DeleteAsync(snapshot.Id, key, cancellationToken) ? TypedResults.Ok() : throw NotFound(snapshot.Id, key);
            })
            .RequireMember("share_snapshot:delete_metadata")
            .WithName("DeleteSnapshotMetadataItem")
            .WithSummary("Delete one snapshot metadata item (2.73).");

        return app;
    }

    private static async Task<IResult> WriteAsync(string id, IReadOnlyDictionary<string, string> items, bool replace, RequestContext caller,
        SnapshotLookup lookup, SnapshotMetadataRepository metadata, CancellationToken cancellationToken, bool echo = false)
    {
        var snapshot = await lookup.VisibleAsync(id, caller, cancellationToken);
        var result = await metadata.WriteAsync(snapshot.Id, items, replace, cancellationToken);
        return TypedResults.Ok(new { metadata = echo ? items : result });
    }

    private static NotFoundException NotFound(string snapshotId, string key) =>
        new($"Metadata item {key} could not be found for snapshot {snapshotId}.");
}
