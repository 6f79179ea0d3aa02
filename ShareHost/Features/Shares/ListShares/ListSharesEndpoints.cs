using ShareHost.Api;
using ShareHost.Api.Auth;
using ShareHost.Api.Versioning;

namespace ShareHost.Features.Shares.ListShares;

public static class ListSharesEndpoints
{
    public static IEndpointRouteBuilder MapListShares(this IEndpointRouteBuilder app)
    {
        app.MapGet("/v2/shares", (HttpContext http, RequestContext caller, ShareQueries queries, ShareView view, CancellationToken cancellationToken) =>
                ListAsync(http, caller, queries, share => view.Summary(http, share), cancellationToken))
            .WithName("ListShares")
            .WithSummary("List shares (id, name, links).");

        app.MapGet("/v2/shares/detail", (HttpContext http, RequestContext caller, ShareQueries queries, ShareView view, CancellationToken cancellationToken) =>
                ListAsync(http, caller, queries, share => view.Detail(http, caller, share), cancellationToken))
            .WithName("ListSharesDetail")
            .WithSummary("List shares with details. Filters: name, status, share_type_id, snapshot_id, metadata, extra_specs, is_public, all_tenants (admin), name~, description~ (2.36); limit, offset, sort_key, sort_dir, with_count (2.42).");

        return app;
    }

    private static async Task<IResult> ListAsync(HttpContext http, RequestContext caller, ShareQueries queries,
        Func<ShareRecord, Dictionary<string, object?>> render, CancellationToken cancellationToken)
    {
        var query = ShareListQuery.From(http, caller);
        var (page, count) = await queries.ListAsync(query, withExportLocations: !http.ApiVersion().AtLeast("2.9"), cancellationToken);
        var body = new Dictionary<string, object?> { ["shares"] = page.Select(render).ToList() };
        if (Links.Next(http, "shares" + (http.Request.Path.Value!.EndsWith("/detail", StringComparison.Ordinal) ? "/detail" : ""), query.Paging, page.Count) is { } next)
        {
            body["shares_links"] = next;
        }

        if (count is not null && http.ApiVersion().AtLeast("2.42"))
        {
            body["count"] = count;
        }

        return TypedResults.Ok(body);
    }
}
