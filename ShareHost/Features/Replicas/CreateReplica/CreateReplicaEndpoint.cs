using ShareHost.Api.Auth;
using ShareHost.Api.Versioning;

namespace ShareHost.Features.Replicas.CreateReplica;

public static class CreateReplicaEndpoint
{
    public static RouteHandlerBuilder MapCreateReplica(this IEndpointRouteBuilder app) =>
        app.MapPost("/v2/share-replicas", async (CreateReplicaRequest request, RequestContext caller, HttpContext http,
                CreateReplicaService service, ReplicaView view, CancellationToken cancellationToken) =>
            {
                var replica = await service.CreateAsync(request.ShareReplica!, caller, http.ApiVersion().AtLeast("2.67"), cancellationToken);
                return TypedResults.Accepted((string?)null, new Dictionary<string, object?> { ["share_replica"] = view.Detail(http, caller, replica) });
            })
            .MinVersion("2.11")
            .RequireMember("share_replica:create")
            .WithName("CreateShareReplica")
            .WithSummary("Create a replica of a replicated share; it answers 'creating' / 'out_of_sync' and is built in the background.");
}
