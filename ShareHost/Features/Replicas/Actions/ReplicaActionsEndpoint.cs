using System.Text.Json;
using ShareHost.Api.Auth;
using ShareHost.Api.Errors;
using ShareHost.Api.Versioning;
using ShareHost.Features.Replicas.DeleteReplica;
using ShareHost.Features.Replicas.PromoteReplica;
using ShareHost.Features.Replicas.ResyncReplica;
using ShareHost.Features.Shares.Actions;
using ShareHost.Features.Shares.ForceDelete;
using ShareHost.Features.Shares.ResetStatus;

namespace ShareHost.Features.Replicas.Actions;

/// <summary>
/// <c>POST /v2/share-replicas/{id}/action</c>: <c>promote</c> (owner), and for admins <c>resync</c>, <c>reset_status</c>,
/// <c>reset_replica_state</c> (database writes, as Manila's) and <c>force_delete</c>. All answer 202.
/// </summary>
public static class ReplicaActionsEndpoint
{
    public static RouteHandlerBuilder MapReplicaActions(this IEndpointRouteBuilder app) =>
        app.MapPost("/v2/share-replicas/{id}/action", async (string id, JsonElement body, HttpContext http, RequestContext caller,
                ReplicaLookup lookup, ReplicaRepository replicas, IServiceProvider services, CancellationToken cancellationToken) =>
            {
                if (body.ValueKind != JsonValueKind.Object || body.EnumerateObject().Count() != 1)
                {
                    throw new BadRequestException("The action body must be a JSON object with exactly one key, the action's name.");
                }

                var action = body.EnumerateObject().First();
                var context = new ShareActionContext(http, caller, id, action.Name);
                switch (action.Name)
                {
                    case "promote":
                        caller.EnsureMember("share_replica:promote");
                        ForceDeleteAction.EnsureNoArguments(action.Value, action.Name);
                        await services.GetRequiredService<PromoteReplicaService>().PromoteAsync(await lookup.VisibleAsync(id, caller, cancellationToken), caller, cancellationToken);
                        break;

                    case "resync":
                        caller.EnsureAdmin("share_replica:resync");
                        ForceDeleteAction.EnsureNoArguments(action.Value, action.Name);
                        await services.GetRequiredService<ResyncReplicaService>().ResyncAsync(await lookup.VisibleAsync(id, caller, cancellationToken), caller, cancellationToken);
                        break;

                    case "reset_status":
                        caller.EnsureAdmin("share_replica:reset_status");
                        var status = await ActionBody.ReadAsync<ResetStatusRequest>(context, action.Value, cancellationToken);
                        await lookup.VisibleAsync(id, caller, cancellationToken);
                        await replicas.ResetAsync(id, status.Status, null, cancellationToken);
                        break;

                    case "reset_replica_state":
                        caller.EnsureAdmin("share_replica:reset_replica_state");
                        var state = await ActionBody.ReadAsync<ResetReplicaStateRequest>(context, action.Value, cancellationToken);
                        await lookup.VisibleAsync(id, caller, cancellationToken);
                        await replicas.ResetAsync(id, null, state.ReplicaState, cancellationToken);
                        break;

                    case "force_delete":
                        caller.EnsureAdmin("share_replica:force_delete");
                        ForceDeleteAction.EnsureNoArguments(action.Value, action.Name);
                        await services.GetRequiredService<DeleteReplicaService>().DeleteAsync(await lookup.VisibleAsync(id, caller, cancellationToken), caller, force: true, cancellationToken);
                        break;

                    default:
                        throw new BadRequestException($"There is no such action: {action.Name}");
                }

                return TypedResults.Accepted((string?)null);
            })
            .MinVersion("2.11")
            .WithName("ShareReplicaAction")
            .WithSummary("Run a share replica action: promote, resync, reset_status, reset_replica_state, force_delete.");
}
