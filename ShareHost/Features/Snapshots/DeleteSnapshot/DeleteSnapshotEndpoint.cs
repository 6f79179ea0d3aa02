using ShareHost.Api.Auth;

namespace ShareHost.Features.Snapshots.DeleteSnapshot;

public static class DeleteSnapshotEndpoint
{
    public static RouteHandlerBuilder MapDeleteSnapshot(this IEndpointRouteBuilder app) =>
        app.MapDelete("/v2/snapshots/{id}", async (string id, RequestContext caller, SnapshotLookup lookup, DeleteSnapshotService service,
                CancellationToken cancellationToken) =>
            {
                var snapshot = await lookup.VisibleAsync(id, caller, cancellationToken);
                await service.DeleteAsync(snapshot, caller.RequestId, force: false, cancellationToken);
                return TypedResults.Accepted((string?)null);
            })
            .RequireMember("share_snapshot:delete_snapshot")
            .WithName("DeleteSnapshot")
            .WithSummary("Delete a snapshot (status available or error); it goes 'deleting' and disappears in the background.");
}
