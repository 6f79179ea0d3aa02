using System.Text.Json;
using ShareHost.Api.Auth;
using ShareHost.Api.Errors;
using ShareHost.Api.Versioning;
using ShareHost.Features.Shares.Actions;

namespace ShareHost.Features.Snapshots.Actions;

/// <summary><c>POST /v2/snapshots/{id}/action</c>: reset_status, force_delete (admin), allow_access, deny_access (2.32).</summary>
public static class SnapshotActionsEndpoint
{
    public static RouteHandlerBuilder MapSnapshotActions(this IEndpointRouteBuilder app) =>
        app.MapPost("/v2/snapshots/{id}/action", async (string id, JsonElement body, HttpContext http, RequestContext caller,
                IEnumerable<ISnapshotAction> actions, SnapshotLookup lookup, CancellationToken cancellationToken) =>
            {
                var (action, key, actionBody) = ActionSelection.Select(body, http, actions, a => a.Names);

                var snapshot = await lookup.VisibleAsync(id, caller, cancellationToken);
                return await action.HandleAsync(new ShareActionContext(http, caller, id, key), snapshot, actionBody, cancellationToken);
            })
            .WithName("SnapshotAction")
            .WithSummary("Run a snapshot action: reset_status, force_delete (admin), allow_access, deny_access (2.32).");
}

public static class SnapshotActionRegistration
{
    public static IServiceCollection AddSnapshotAction<TAction>(this IServiceCollection services)
        where TAction : class, ISnapshotAction
    {
        services.AddSingleton<ISnapshotAction, TAction>();
        return services;
    }
}
