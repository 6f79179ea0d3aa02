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
                if (body.ValueKind != JsonValueKind.Object)
                {
                    throw new BadRequestException("The action body must be a JSON object with exactly one key, the action's name.");
                }

                var keys = body.EnumerateObject().ToList();
                if (keys.Count != 1)
                {
                    throw new BadRequestException($"The action body must have exactly one key, the action's name (got {keys.Count}).");
                }

                var key = keys[0].Name;
                var requested = http.Features.Get<RequestedVersion>();
                var version = requested?.Version ?? VersionHistory.Default;
                var named = actions.Where(a => a.Names.Any(n => n.Key == key)).ToList();
                if (named.Count == 0)
                {
                    throw new BadRequestException($"There is no such action: {key}");
                }

                // A known action asked for at a microversion that does not have it looks unimplemented: 404, as Manila.
                var action = named.FirstOrDefault(a => a.Names.Any(n => n.Key == key
                    && version >= ApiVersion.Parse(n.MinVersion)
                    && (n.MaxVersion is null || version <= ApiVersion.Parse(n.MaxVersion))
                    && (!n.Experimental || requested?.Experimental == true)))
                    ?? throw new NotFoundException("The resource could not be found.");

                // Another project's share does not exist for the caller, whatever the action: 404 before any policy 403.
                var share = await lookup.VisibleAsync(id, caller, cancellationToken);
                return await action.HandleAsync(new ShareActionContext(http, caller, id, key) { Share = share }, keys[0].Value, cancellationToken);
            })
            .WithName("ShareAction")
            .WithSummary("Run a share action: the body's single key names it (extend, shrink, reset_status, force_delete, …).");
}
