using ShareHost.Api;
using ShareHost.Api.Auth;
using ShareHost.Features.Mounts.Leases;

namespace ShareHost.Features.Mounts.ListMounts;

public static class ListMountsEndpoint
{
    public static RouteHandlerBuilder MapListMounts(this IEndpointRouteBuilder app) =>
        app.MapGet("/v2/sharehost/mounts", async (HttpContext http, RequestContext caller, MountLeaseRepository repository, LeaseTable table,
                MountView view, CancellationToken cancellationToken) =>
            {
                var query = MountListQuery.From(http, caller);
                var (page, count) = await repository.ListAsync(query, cancellationToken);
                var body = new Dictionary<string, object?>
                {
                    // A lease this process holds live is shown as it is now (seconds left on the monotonic clock).
                    ["mounts"] = page.Select(row => table.FindLive(row.Id) is { } live ? view.Render(caller, live, true) : view.Render(caller, row, false)).ToList(),
                };
                if (Links.Next(http, "sharehost/mounts", query.Paging, page.Count) is { } next)
                {
                    body["mounts_links"] = next;
                }

                if (count is not null)
                {
                    body["count"] = count;
                }

                return TypedResults.Ok(body);
            })
            .WithName("ListMounts")
            .WithSummary("ShareHost extension: list mounts and their leases. Filters: share_id, client, state (active, released, expired); " +
                "project-scoped (admins: all_tenants or project_id); limit, offset, sort_key, sort_dir, with_count.");
}
