using ShareHost.Api.Auth;
using ShareHost.Api.Errors;
using ShareHost.Api.Versioning;
using ShareHost.Features.Shares;
using ShareHost.Features.Shares.ShareInstances;

namespace ShareHost.Features.ExportLocations;

/// <summary><c>GET /v2/share_instances/{id}/export_locations[/{el}]</c> (admin, 2.9+): every location of one instance.</summary>
public static class InstanceExportLocationsEndpoints
{
    public static IEndpointRouteBuilder MapInstanceExportLocations(this IEndpointRouteBuilder app)
    {
        app.MapGet("/v2/share_instances/{id}/export_locations", async (string id, HttpContext http, RequestContext caller,
                ShareInstanceRepository instances, ShareRepository shares, ExportLocationView view, CancellationToken cancellationToken) =>
            {
                var instance = await FindAsync(id, instances, cancellationToken);
                var locations = await shares.ExportLocationsAsync([instance.Id], cancellationToken);
                return TypedResults.Ok(new
                {
                    export_locations = locations.Select(e => view.Render(http, caller, e, instance.Backend, instance.ShareProto, detail: false)).ToList(),
                });
            })
            .MinVersion("2.9")
            .RequireAdmin("share_instance_export_location:index")
            .WithName("ListShareInstanceExportLocations")
            .WithSummary("List a share instance's export locations (admin).");

        app.MapGet("/v2/share_instances/{id}/export_locations/{exportLocationId}", async (string id, string exportLocationId, HttpContext http,
                RequestContext caller, ShareInstanceRepository instances, ShareRepository shares, ExportLocationView view, CancellationToken cancellationToken) =>
            {
                var instance = await FindAsync(id, instances, cancellationToken);
                var location = (await shares.ExportLocationsAsync([instance.Id], cancellationToken)).FirstOrDefault(e => e.Id == exportLocationId)
                    ?? throw new NotFoundException($"Export location {exportLocationId} could not be found.");
                return TypedResults.Ok(new
                {
                    export_location = view.Render(http, caller, location, instance.Backend, instance.ShareProto, detail: true),
                });
            })
            .MinVersion("2.9")
            .RequireAdmin("share_instance_export_location:show")
            .WithName("GetShareInstanceExportLocation")
            .WithSummary("Show one export location of a share instance (admin).");

        return app;
    }

    private static async Task<ShareInstanceRow> FindAsync(string id, ShareInstanceRepository instances, CancellationToken cancellationToken) =>
        await instances.FindAsync(id, cancellationToken) ?? throw new NotFoundException($"Share instance {id} could not be found.");
}
