using ShareHost.Api.Auth;
using ShareHost.Api.Errors;
using ShareHost.Api.Versioning;

namespace ShareHost.Features.Snapshots.ExportLocations;

/// <summary>
/// <c>GET /v2/snapshots/{id}/export-locations[/{el}]</c> (2.32): where a mountable snapshot is exported, read-only.
/// Non-admins never see admin-only locations: lists leave them out, show answers 403.
/// </summary>
public static class SnapshotExportLocationsEndpoints
{
    public static IEndpointRouteBuilder MapSnapshotExportLocations(this IEndpointRouteBuilder app)
    {
        app.MapGet("/v2/snapshots/{id}/export-locations", async (string id, HttpContext http, RequestContext caller, SnapshotLookup lookup,
                SnapshotRepository snapshots, SnapshotExportLocationView view, CancellationToken cancellationToken) =>
            {
                var snapshot = await lookup.VisibleAsync(id, caller, cancellationToken);
                var locations = await snapshots.ExportLocationsAsync([snapshot.InstanceId], cancellationToken);
                return TypedResults.Ok(new
                {
                    share_snapshot_export_locations = locations.Where(e => caller.IsAdmin || !e.IsAdminOnly)
                        .Select(e => view.Render(http, caller, $"snapshots/{snapshot.Id}/export-locations", e, snapshot.Backend, snapshot.ShareProto, detail: false))
                        .ToList(),
                });
            })
            .MinVersion("2.32")
            .WithName("ListSnapshotExportLocations")
            .WithSummary("List a mountable snapshot's read-only export locations, bound to the backend's current address.");

        app.MapGet("/v2/snapshots/{id}/export-locations/{exportLocationId}", async (string id, string exportLocationId, HttpContext http,
                RequestContext caller, SnapshotLookup lookup, SnapshotRepository snapshots, SnapshotExportLocationView view, CancellationToken cancellationToken) =>
            {
                var snapshot = await lookup.VisibleAsync(id, caller, cancellationToken);
                var location = (await snapshots.ExportLocationsAsync([snapshot.InstanceId], cancellationToken)).FirstOrDefault(e => e.Id == exportLocationId)
                    ?? throw new NotFoundException($"Export location {exportLocationId} could not be found for snapshot {snapshot.Id}.");
                if (location.IsAdminOnly && !caller.IsAdmin)
                {
                    throw new ForbiddenException($"Export location {exportLocationId} is for administrators only.");
                }

                return TypedResults.Ok(new
                {
                    share_snapshot_export_location = view.Render(http, caller, $"snapshots/{snapshot.Id}/export-locations", location,
                        snapshot.Backend, snapshot.ShareProto, detail: true),
                });
            })
            .MinVersion("2.32")
            .WithName("GetSnapshotExportLocation")
            .WithSummary("Show one of a snapshot's export locations.");

        return app;
    }
}
