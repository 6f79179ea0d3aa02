using System.Text.Json;
using ShareHost.Api;
using ShareHost.Api.Auth;
using ShareHost.Api.Errors;
using ShareHost.Api.Versioning;
using ShareHost.Features.Shares.Actions;
using ShareHost.Features.Shares.ResetStatus;
using ShareHost.Features.Snapshots.ExportLocations;

namespace ShareHost.Features.Snapshots.Instances;

/// <summary>
/// The admin snapshot instance API (2.19): list (<c>?snapshot_id=</c>), detail, show, export locations (2.32), and the
/// <c>reset_status</c> action (a database write). Summary view <c>{id, snapshot_id, status}</c>; detail adds Manila's other fields.
/// </summary>
public static class SnapshotInstancesEndpoints
{
    public static IEndpointRouteBuilder MapSnapshotInstances(this IEndpointRouteBuilder app)
    {
        app.MapGet("/v2/snapshot-instances", async (HttpContext http, SnapshotInstanceRepository instances, CancellationToken cancellationToken) =>
                TypedResults.Ok(new { snapshot_instances = (await instances.ListAsync(SnapshotFilter(http), cancellationToken)).Select(Summary).ToList() }))
            .MinVersion("2.19")
            .RequireAdmin("share_snapshot_instance:index")
            .WithName("ListSnapshotInstances")
            .WithSummary("List snapshot instances (admin); filter snapshot_id.");

        app.MapGet("/v2/snapshot-instances/detail", async (HttpContext http, SnapshotInstanceRepository instances, CancellationToken cancellationToken) =>
                TypedResults.Ok(new { snapshot_instances = (await instances.ListAsync(SnapshotFilter(http), cancellationToken)).Select(Detail).ToList() }))
            .MinVersion("2.19")
            .RequireAdmin("share_snapshot_instance:detail")
            .WithName("ListSnapshotInstancesDetail")
            .WithSummary("List snapshot instances with details (admin); filter snapshot_id.");

        app.MapGet("/v2/snapshot-instances/{id}", async (string id, SnapshotInstanceRepository instances, CancellationToken cancellationToken) =>
            {
                var row = await instances.FindAsync(id, cancellationToken) ?? throw NotFound(id);
                return TypedResults.Ok(new { snapshot_instance = Detail(row) });
            })
            .MinVersion("2.19")
            .RequireAdmin("share_snapshot_instance:show")
            .WithName("GetSnapshotInstance")
            .WithSummary("Show a snapshot instance (admin).");

        app.MapGet("/v2/snapshot-instances/{id}/export-locations", async (string id, HttpContext http, RequestContext caller,
                SnapshotRepository snapshots, SnapshotExportLocationView view, CancellationToken cancellationToken) =>
            {
                var snapshot = await snapshots.FindByInstanceAsync(id, cancellationToken) ?? throw NotFound(id);
                var locations = await snapshots.ExportLocationsAsync([id], cancellationToken);
                return TypedResults.Ok(new
                {
                    share_snapshot_export_locations = locations
                        .Select(e => view.Render(http, caller, $"snapshot-instances/{id}/export-locations", e, snapshot.Backend, snapshot.ShareProto, detail: false))
                        .ToList(),
                });
            })
            .MinVersion("2.32")
            .RequireAdmin("share_snapshot_instance_export_location:index")
            .WithName("ListSnapshotInstanceExportLocations")
            .WithSummary("List a snapshot instance's export locations, admin-only ones included (admin).");

        app.MapPost("/v2/snapshot-instances/{id}/action", async (string id, JsonElement body, HttpContext http, RequestContext caller,
                SnapshotRepository snapshots, CancellationToken cancellationToken) =>
            {
                if (body.ValueKind != JsonValueKind.Object || body.EnumerateObject().Count() != 1)
                {
                    throw new BadRequestException("The action body must be a JSON object with exactly one key, the action's name.");
                }

                var action = body.EnumerateObject().First();
                if (action.Name != "reset_status")
                {
                    throw new BadRequestException($"There is no such action: {action.Name}");
                }

                var request = await ActionBody.ReadAsync<ResetStatusRequest>(new ShareActionContext(http, caller, id, action.Name), action.Value, cancellationToken);
                if (!await snapshots.SetStatusAsync(id, request.Status!, cancellationToken))
                {
                    throw NotFound(id);
                }

                return TypedResults.Accepted((string?)null);
            })
            .MinVersion("2.19")
            .RequireAdmin("share_snapshot_instance:reset_status")
            .WithName("SnapshotInstanceAction")
            .WithSummary("Run an admin action on a snapshot instance: reset_status.");

        return app;
    }

    private static string? SnapshotFilter(HttpContext http) =>
        http.Request.Query.TryGetValue("snapshot_id", out var value) && value.ToString().Length > 0 ? value.ToString() : null;

    private static NotFoundException NotFound(string id) => new($"Snapshot instance {id} could not be found.");

    private static Dictionary<string, object?> Summary(SnapshotInstanceRow row) => new()
    {
        ["id"] = row.Id,
        ["snapshot_id"] = row.SnapshotId,
        ["status"] = row.Status,
    };

    private static Dictionary<string, object?> Detail(SnapshotInstanceRow row) => new()
    {
        ["id"] = row.Id,
        ["snapshot_id"] = row.SnapshotId,
        ["created_at"] = ManilaJson.Timestamp(row.CreatedAt),
        ["updated_at"] = ManilaJson.Timestamp(row.UpdatedAt),
        ["status"] = row.Status,
        ["share_id"] = row.ShareId,
        ["share_instance_id"] = row.ShareInstanceId,
        ["progress"] = row.Progress,
        ["provider_location"] = row.ProviderLocation,
    };
}
