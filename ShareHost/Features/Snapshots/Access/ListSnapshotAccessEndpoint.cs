using ShareHost.Api.Auth;
using ShareHost.Api.Versioning;

namespace ShareHost.Features.Snapshots.Access;

public static class ListSnapshotAccessEndpoint
{
    public static RouteHandlerBuilder MapListSnapshotAccess(this IEndpointRouteBuilder app) =>
        app.MapGet("/v2/snapshots/{id}/access-list", async (string id, RequestContext caller, SnapshotLookup lookup,
                SnapshotAccessRepository rules, CancellationToken cancellationToken) =>
            {
                var snapshot = await lookup.VisibleAsync(id, caller, cancellationToken);
                var list = await rules.ListAsync(snapshot.Id, cancellationToken);
                return TypedResults.Ok(new { snapshot_access_list = list.Select(SnapshotAccessView.Render).ToList() });
            })
            .MinVersion("2.32")
            .WithName("ListSnapshotAccess")
            .WithSummary("List a snapshot's access rules (read-only rules with their states).");
}
