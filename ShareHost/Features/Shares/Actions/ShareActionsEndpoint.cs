using System.Text.Json;
using ShareHost.Api.Auth;
using ShareHost.Api.Errors;
using ShareHost.Api.Versioning;

namespace ShareHost.Features.Shares.Actions;

/// <summary><c>POST /v2/shares/{id}/action</c>: one key per body, dispatched to the action registered for it at this microversion.</summary>
public static class ShareActionsEndpoint
{
    public static RouteHandlerBuilder MapShareActions(this IEndpointRouteBuilder app) =>
        app.MapPost("/v2/shares/{id}/action", async (string id, JsonElement body, HttpContext http, RequestContext caller,
                IEnumerable<IShareAction> actions, ShareLookup lookup, CancellationToken cancellationToken) =>
            {
                var (action, key, actionBody) = ActionSelection.Select(body, http, actions, a => a.Names);

                // Another project's share does not exist for the caller, whatever the action: 404 before any policy 403.
                var share = action.UsesCachedRow
                    ? await lookup.VisibleCachedRowAsync(id, caller, cancellationToken)
                    : await lookup.VisibleRowAsync(id, caller, cancellationToken);
                return await action.HandleAsync(new ShareActionContext(http, caller, id, key) { Share = share }, actionBody, cancellationToken);
            })
            .WithName("ShareAction")
            .WithSummary("Run a share action: the body's single key names it (extend, shrink, reset_status, force_delete, …).");
}
