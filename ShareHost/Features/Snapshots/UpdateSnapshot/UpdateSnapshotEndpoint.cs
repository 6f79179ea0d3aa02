using ShareHost.Api.Auth;

namespace ShareHost.Features.Snapshots.UpdateSnapshot;

public static class UpdateSnapshotEndpoint
{
    public static RouteHandlerBuilder MapUpdateSnapshot(this IEndpointRouteBuilder app) =>
        app.MapPut("/v2/snapshots/{id}", async (string id, UpdateSnapshotRequest request, RequestContext caller, HttpContext http,
                SnapshotLookup lookup, SnapshotRepository snapshots, SnapshotView view, CancellationToken cancellationToken) =>
            {
                var snapshot = await lookup.VisibleAsync(id, caller, cancellationToken);
                var body = request.Snapshot!;
                if (!await snapshots.UpdateAsync(snapshot.Id, body.HasName, body.Name, body.HasDescription, body.Description, cancellationToken))
                {
                    throw SnapshotLookup.NotFound(id);
                }

                var updated = await snapshots.FindAsync(snapshot.Id, cancellationToken) ?? throw SnapshotLookup.NotFound(id);
                return TypedResults.Ok(new Dictionary<string, object?> { ["snapshot"] = view.Detail(http, caller, updated) });
            })
            .RequireMember("share_snapshot:update_snapshot")
            .WithName("UpdateSnapshot")
            .WithSummary("Rename a snapshot or change its description (name/display_name, description/display_description).");
}
