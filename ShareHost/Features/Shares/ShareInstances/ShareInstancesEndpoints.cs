using ShareHost.Api.Auth;
using ShareHost.Api.Errors;
using ShareHost.Api.Versioning;

namespace ShareHost.Features.Shares.ShareInstances;

/// <summary>The admin share instance API (2.3+): list, show, and the instances of one share.</summary>
public static class ShareInstancesEndpoints
{
    public static IEndpointRouteBuilder MapShareInstances(this IEndpointRouteBuilder app)
    {
        app.MapGet("/v2/share_instances", async (HttpContext http, ShareInstanceRepository instances, ShareRepository shares,
                ShareInstanceView view, CancellationToken cancellationToken) =>
            {
                var query = http.Request.Query;
                var filtered = http.ApiVersion().AtLeast("2.35");
                var rows = await instances.ListAsync(
                    filtered ? Filter(query, "export_location_id") : null, filtered ? Filter(query, "export_location_path") : null, cancellationToken);
                return TypedResults.Ok(new { share_instances = await RenderAsync(http, rows, shares, view, cancellationToken) });
            })
            .MinVersion("2.3")
            .RequireAdmin("share_instance:index")
            .WithName("ListShareInstances")
            .WithSummary("List share instances (admin). Filters export_location_id, export_location_path (2.35).");

        app.MapGet("/v2/share_instances/{id}", async (string id, HttpContext http, ShareInstanceRepository instances, ShareRepository shares,
                ShareInstanceView view, CancellationToken cancellationToken) =>
            {
                var row = await instances.FindAsync(id, cancellationToken) ?? throw new NotFoundException($"Share instance {id} could not be found.");
                return TypedResults.Ok(new { share_instance = (await RenderAsync(http, [row], shares, view, cancellationToken))[0] });
            })
            .MinVersion("2.3")
            .RequireAdmin("share_instance:show")
            .WithName("GetShareInstance")
            .WithSummary("Show a share instance (admin).");

        app.MapGet("/v2/shares/{id}/instances", async (string id, HttpContext http, RequestContext caller, ShareLookup lookup,
                ShareInstanceRepository instances, ShareRepository shares, ShareInstanceView view, CancellationToken cancellationToken) =>
            {
                var share = await lookup.VisibleAsync(id, caller, cancellationToken);
                var rows = await instances.ForShareAsync(share.Id, cancellationToken);
                return TypedResults.Ok(new { share_instances = await RenderAsync(http, rows, shares, view, cancellationToken) });
            })
            .MinVersion("2.3")
            .RequireAdmin("share:list_share_instances")
            .WithName("ListInstancesOfShare")
            .WithSummary("List the instances of one share (admin).");

        return app;
    }

    private static string? Filter(IQueryCollection query, string name) =>
        query.TryGetValue(name, out var value) && value.ToString().Length > 0 ? value.ToString() : null;

    private static async Task<List<Dictionary<string, object?>>> RenderAsync(HttpContext http, IReadOnlyList<ShareInstanceRow> rows,
        ShareRepository shares, ShareInstanceView view, CancellationToken cancellationToken)
    {
        var exports = !http.ApiVersion().AtLeast("2.9") && rows.Count > 0
            ? await shares.ExportLocationsAsync(rows.Select(r => r.Id).ToList(), cancellationToken)
            : [];
        return rows.Select(r => view.Render(http, r, exports)).ToList();
    }
}
