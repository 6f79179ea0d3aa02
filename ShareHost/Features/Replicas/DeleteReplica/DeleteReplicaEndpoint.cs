using ShareHost.Api.Auth;
using ShareHost.Api.Versioning;

namespace ShareHost.Features.Replicas.DeleteReplica;

public static class DeleteReplicaEndpoint
{
    public static RouteHandlerBuilder MapDeleteReplica(this IEndpointRouteBuilder app) =>
        app.MapDelete("/v2/share-replicas/{id}", async (string id, RequestContext caller, ReplicaLookup lookup, DeleteReplicaService service,
                CancellationToken cancellationToken) =>
            {
                var replica = await lookup.VisibleAsync(id, caller, cancellationToken);
                await service.DeleteAsync(replica, caller, force: false, cancellationToken);
                return TypedResults.Accepted((string?)null);
            })
            .MinVersion("2.11")
            .RequireMember("share_replica:delete")
            .WithName("DeleteShareReplica")
            .WithSummary("Delete a share replica (never the last active one).");
}
