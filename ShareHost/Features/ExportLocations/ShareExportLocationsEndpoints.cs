using ShareHost.Api.Auth;
using ShareHost.Api.Errors;
using ShareHost.Api.Versioning;
using ShareHost.Features.Shares;

namespace ShareHost.Features.ExportLocations;

/// <summary>
/// <c>GET /v2/shares/{id}/export_locations[/{el}]</c> (2.9+): the locations of the share's available instances
/// (from 2.47 without secondary replicas). Non-admins never see admin-only locations: lists leave them out, show is 403.
/// </summary>
public static class ShareExportLocationsEndpoints
{
    public static IEndpointRouteBuilder MapShareExportLocations(this IEndpointRouteBuilder app)
    {
        app.MapGet("/v2/shares/{id}/export_locations", async (string id, HttpContext http, RequestContext caller, ShareLookup lookup,
                ShareRepository shares, ExportLocationView view, CancellationToken cancellationToken) =>
            {
                var share = await lookup.VisibleAsync(id, caller, cancellationToken);
                var (locations, backends) = await LocationsAsync(http, share, shares, cancellationToken);
                return TypedResults.Ok(new
                {
                    export_locations = locations.Where(e => caller.IsAdmin || !e.IsAdminOnly)
                        .Select(e => view.Render(http, caller, e, backends[e.ShareInstanceId], share.ShareProto, detail: false))
                        .ToList(),
                });
            })
            .MinVersion("2.9")
            .WithName("ListShareExportLocations")
            .WithSummary("List a share's export locations, bound to the backend's current address.");

        app.MapGet("/v2/shares/{id}/export_locations/{exportLocationId}", async (string id, string exportLocationId, HttpContext http,
                RequestContext caller, ShareLookup lookup, ShareRepository shares, ExportLocationView view, CancellationToken cancellationToken) =>
            {
                var share = await lookup.VisibleAsync(id, caller, cancellationToken);
                var (locations, backends) = await LocationsAsync(http, share, shares, cancellationToken);
                var location = locations.FirstOrDefault(e => e.Id == exportLocationId)
                    ?? throw new NotFoundException($"Export location {exportLocationId} could not be found.");
                if (location.IsAdminOnly && !caller.IsAdmin)
                {
                    throw new ForbiddenException($"Export location {exportLocationId} is for administrators only.");
                }

                return TypedResults.Ok(new
                {
                    export_location = view.Render(http, caller, location, backends[location.ShareInstanceId], share.ShareProto, detail: true),
                });
            })
            .MinVersion("2.9")
            .WithName("GetShareExportLocation")
            .WithSummary("Show one of a share's export locations.");

        return app;
    }

    private static async Task<(IReadOnlyList<ExportLocationRecord> Locations, Dictionary<string, string?> Backends)> LocationsAsync(
        HttpContext http, ShareRecord share, ShareRepository shares, CancellationToken cancellationToken)
    {
        var withoutSecondaryReplicas = http.ApiVersion().AtLeast("2.47");
        var instances = (await shares.InstancesAsync(share.Id, cancellationToken))
            // As Manila: every instance's locations, whatever its status (an extending share is still mounted),
            // except a migration's destination.
            .Where(i => i.Status != ShareStatus.MigratingTo)
            .Where(i => !withoutSecondaryReplicas || i.ReplicaState is null or "active")
            .ToList();
        if (instances.Count == 0)
        {
            return ([], []);
        }

        var locations = await shares.ExportLocationsAsync(instances.Select(i => i.Id).ToList(), cancellationToken);
        return (locations, instances.ToDictionary(i => i.Id, i => i.Backend));
    }
}
