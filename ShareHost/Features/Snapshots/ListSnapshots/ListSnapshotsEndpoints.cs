using ShareHost.Api;
using ShareHost.Api.Auth;

namespace ShareHost.Features.Snapshots.ListSnapshots;

public static class ListSnapshotsEndpoints
{
    public static IEndpointRouteBuilder MapListSnapshots(this IEndpointRouteBuilder app)
    {
        app.MapGet("/v2/snapshots", (HttpContext http, RequestContext caller, SnapshotQueries queries, SnapshotView view, CancellationToken cancellationToken) =>
                ListAsync(http, caller, queries, "snapshots", snapshot => view.Summary(http, snapshot), cancellationToken))
            .WithName("ListSnapshots")
            .WithSummary("List snapshots (id, name, links).");

        app.MapGet("/v2/snapshots/detail", (HttpContext http, RequestContext caller, SnapshotQueries queries, SnapshotView view, CancellationToken cancellationToken) =>
                ListAsync(http, caller, queries, "snapshots/detail", snapshot => view.Detail(http, caller, snapshot), cancellationToken))
            .WithName("ListSnapshotsDetail")
            .WithSummary("List snapshots with details. Filters: name, status, share_id, size, description, name~, description~ (2.36), metadata (2.73), all_tenants and project_id (admin); limit, offset, sort_key, sort_dir.");

        return app;
    }

    private static async Task<IResult> ListAsync(HttpContext http, RequestContext caller, SnapshotQueries queries, string path,
        Func<SnapshotRecord, Dictionary<string, object?>> render, CancellationToken cancellationToken)
    {
        var query = SnapshotListQuery.From(http, caller);
        var page = await queries.ListAsync(query, cancellationToken);
        var body = new Dictionary<string, object?> { ["snapshots"] = page.Select(render).ToList() };
        if (Links.Next(http, path, query.Paging, page.Count) is { } next)
        {
            body["share_snapshots_links"] = next;
        }

        return TypedResults.Ok(body);
    }
}
