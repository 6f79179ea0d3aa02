using System.Text.Json;
using ShareHost.Api.Auth;
using ShareHost.Api.Errors;
using ShareHost.Features.Shares.Actions;

namespace ShareHost.Features.Mounts.MountActions;

/// <summary>
/// <c>POST /v2/sharehost/mounts/{id}/action</c>: <c>{"renew": {"lease_seconds": n}}</c> (200 with the mount) or
/// <c>{"release": null}</c> (202, the same as DELETE).
/// </summary>
public static class MountActionsEndpoint
{
    public static RouteHandlerBuilder MapMountActions(this IEndpointRouteBuilder app) =>
        app.MapPost("/v2/sharehost/mounts/{id}/action", async (string id, JsonElement body, HttpContext http, RequestContext caller,
                MountLeaseService leases, MountView view, CancellationToken cancellationToken) =>
            {
                if (body.ValueKind != JsonValueKind.Object || body.EnumerateObject().Count() != 1)
                {
                    throw new BadRequestException("The action body must be a JSON object with exactly one key: renew or release.");
                }

                var action = body.EnumerateObject().First();
                var context = new ShareActionContext(http, caller, id, action.Name);
                switch (action.Name)
                {
                    case "renew":
                        var request = action.Value.ValueKind == JsonValueKind.Null
                            ? new RenewRequest()
                            : await ActionBody.ReadAsync<RenewRequest>(context, action.Value, cancellationToken);
                        var lease = await leases.RenewAsync(id, request.LeaseSeconds, caller, cancellationToken);
                        return Results.Ok(new MountResponse(view.Render(caller, lease, live: true)));
                    case "release":
                        if (action.Value.ValueKind is not (JsonValueKind.Null or JsonValueKind.Object)
                            || (action.Value.ValueKind == JsonValueKind.Object && action.Value.EnumerateObject().Any()))
                        {
                            throw new BadRequestException("Invalid input for field 'release': it takes no arguments (null or {}).");
                        }

                        await leases.ReleaseAsync(id, caller, cancellationToken);
                        return Results.Accepted();
                    default:
                        throw new BadRequestException($"There is no such mount action: {action.Name} (renew, release).");
                }
            })
            .WithName("MountAction")
            .WithSummary("ShareHost extension: renew a mount's lease ({\"renew\": {\"lease_seconds\": n}}, a duration from now; 200) " +
                "or release it ({\"release\": null}; 202). An ended lease answers 409.");
}
