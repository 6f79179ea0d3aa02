using System.Text.Json;
using ShareHost.Api.Auth;
using ShareHost.Api.Errors;
using ShareHost.Api.Versioning;
using ShareHost.Features.Shares.Actions;
using ShareHost.Features.Shares.DeleteShare;
using ShareHost.Features.Shares.ForceDelete;
using ShareHost.Features.Shares.ResetStatus;

namespace ShareHost.Features.Shares.ShareInstances;

/// <summary>
/// <c>POST /v2/share_instances/{id}/action</c> (admin): <c>reset_status</c> (a database write) and <c>force_delete</c>
/// (<c>os-</c> names for 2.3–2.6). Force-deleting a share's only instance force-deletes the share, as Manila ends up doing.
/// </summary>
public static class ShareInstanceActionsEndpoint
{
    public static RouteHandlerBuilder MapShareInstanceActions(this IEndpointRouteBuilder app) =>
        app.MapPost("/v2/share_instances/{id}/action", async (string id, JsonElement body, HttpContext http, RequestContext caller,
                ShareInstanceRepository instances, ShareRepository shares, DeleteShareService deletes, CancellationToken cancellationToken) =>
            {
                if (body.ValueKind != JsonValueKind.Object || body.EnumerateObject().Count() != 1)
                {
                    throw new BadRequestException("The action body must be a JSON object with exactly one key, the action's name.");
                }

                var action = body.EnumerateObject().First();
                var legacy = !http.ApiVersion().AtLeast("2.7");
                // ActionBody only needs the request and the key; the id slot carries the instance id here.
                var context = new ShareActionContext(http, caller, id, action.Name);
                switch (action.Name)
                {
                    case "os-reset_status" when legacy:
                    case "reset_status" when !legacy:
                        var request = await ActionBody.ReadAsync<ResetStatusRequest>(context, action.Value, cancellationToken);
                        if (!await instances.SetStatusAsync(id, request.Status!, cancellationToken))
                        {
                            throw new NotFoundException($"Share instance {id} could not be found.");
                        }

                        return TypedResults.Accepted((string?)null);

                    case "os-force_delete" when legacy:
                    case "force_delete" when !legacy:
                        ForceDeleteAction.EnsureNoArguments(action.Value, action.Name);
                        await ForceDeleteAsync(id, caller, instances, shares, deletes, cancellationToken);
                        return TypedResults.Accepted((string?)null);

                    default:
                        throw new BadRequestException($"There is no such action: {action.Name}");
                }
            })
            .MinVersion("2.3")
            .RequireAdmin("share_instance:action")
            .WithName("ShareInstanceAction")
            .WithSummary("Run an admin action on a share instance: reset_status or force_delete.");

    private static async Task ForceDeleteAsync(string id, RequestContext caller, ShareInstanceRepository instances, ShareRepository shares,
        DeleteShareService deletes, CancellationToken cancellationToken)
    {
        var instance = await instances.FindAsync(id, cancellationToken) ?? throw new NotFoundException($"Share instance {id} could not be found.");
        var siblings = await instances.ForShareAsync(instance.ShareId, cancellationToken);
        if (siblings.Count > 1)
        {
            throw new ConflictException(
                $"Share instance {id} is one of {siblings.Count} instances of share {instance.ShareId}; remove replicas through the share replica API.");
        }

        var share = await shares.FindAsync(instance.ShareId, cancellationToken)
            ?? throw new NotFoundException($"Share instance {id} could not be found.");
        await deletes.DeleteAsync(share, caller, force: true, cancellationToken);
    }
}
