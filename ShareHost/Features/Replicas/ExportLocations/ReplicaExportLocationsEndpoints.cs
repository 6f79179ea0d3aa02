using ShareHost.Api;
using ShareHost.Api.Auth;
using ShareHost.Api.Errors;
using ShareHost.Api.Versioning;
using ShareHost.Features.ExportLocations;
using ShareHost.Features.Shares;
using ShareHost.Features.Shares.ShareInstances;

namespace ShareHost.Features.Replicas.ExportLocations;

/// <summary>
/// <c>GET /v2/share-replicas/{id}/export-locations[/{el}]</c> (2.47): a replica's locations with its
/// <c>replica_state</c> and <c>availability_zone</c>; non-admins never see admin-only ones.
/// </summary>
public static class ReplicaExportLocationsEndpoints
{
    public static IEndpointRouteBuilder MapReplicaExportLocations(this IEndpointRouteBuilder app)
    {
        app.MapGet("/v2/share-replicas/{id}/export-locations", async (string id, HttpContext http, RequestContext caller, ReplicaLookup lookup,
                ShareRepository shares, ExportLocationView view, CancellationToken cancellationToken) =>
            {
                var replica = await lookup.VisibleAsync(id, caller, cancellationToken);
                var locations = await LocationsAsync(replica, caller, shares, cancellationToken);
                return TypedResults.Ok(new { export_locations = locations.Select(e => Render(http, caller, view, replica, e, detail: false)).ToList() });
            })
            .MinVersion("2.47")
            .WithName("ListShareReplicaExportLocations")
            .WithSummary("List a share replica's export locations.");

        app.MapGet("/v2/share-replicas/{id}/export-locations/{exportLocationId}", async (string id, string exportLocationId, HttpContext http,
                RequestContext caller, ReplicaLookup lookup, ShareRepository shares, ExportLocationView view, CancellationToken cancellationToken) =>
            {
                var replica = await lookup.VisibleAsync(id, caller, cancellationToken);
                var location = (await LocationsAsync(replica, caller, shares, cancellationToken)).FirstOrDefault(e => e.Id == exportLocationId)
                    ?? throw new NotFoundException($"Export location {exportLocationId} could not be found.");
                return TypedResults.Ok(new { export_location = Render(http, caller, view, replica, location, detail: true) });
            })
            .MinVersion("2.47")
            .WithName("GetShareReplicaExportLocation")
            .WithSummary("Show one export location of a share replica.");

        return app;
    }

    private static async Task<IEnumerable<ExportLocationRecord>> LocationsAsync(ShareInstanceRow replica, RequestContext caller, ShareRepository shares,
        CancellationToken cancellationToken) =>
        (await shares.ExportLocationsAsync([replica.Id], cancellationToken)).Where(e => caller.IsAdmin || !e.IsAdminOnly);

    private static Dictionary<string, object?> Render(HttpContext http, RequestContext caller, ExportLocationView view, ShareInstanceRow replica,
        ExportLocationRecord location, bool detail)
    {
        var rendered = view.Render(http, caller, location, replica.Backend, replica.ShareProto, detail);
        rendered["replica_state"] = replica.ReplicaState;
        rendered["availability_zone"] = replica.AvailabilityZone;
        return rendered;
    }
}
