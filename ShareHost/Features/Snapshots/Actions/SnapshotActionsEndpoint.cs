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

                var action = named.FirstOrDefault(a => a.Names.Any(n => n.Key == key
                    && version >= ApiVersion.Parse(n.MinVersion)
                    && (n.MaxVersion is null || version <= ApiVersion.Parse(n.MaxVersion))))
                    ?? throw new NotFoundException("The resource could not be found.");

                var snapshot = await lookup.VisibleAsync(id, caller, cancellationToken);
                return await action.HandleAsync(new ShareActionContext(http, caller, id, key), snapshot, keys[0].Value, cancellationToken);
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
