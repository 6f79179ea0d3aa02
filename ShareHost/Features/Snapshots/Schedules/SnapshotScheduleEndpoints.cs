using ShareHost.Api.Auth;
using ShareHost.Api.Errors;
using ShareHost.Features.Shares;

namespace ShareHost.Features.Snapshots.Schedules;

/// <summary>
/// Snapshot schedules, a ShareHost extension under <c>/v2/sharehost/shares/{id}/snapshot-schedule</c>: PUT sets the
/// share's cron expression and retention, GET shows it, DELETE removes it, and <c>POST …/run</c> (admin) runs it now.
/// </summary>
public static class SnapshotScheduleEndpoints
{
    private const string Path = "/v2/sharehost/shares/{id}/snapshot-schedule";

    public static IEndpointRouteBuilder MapSnapshotSchedules(this IEndpointRouteBuilder app)
    {
        app.MapPut(Path, async (string id, SnapshotScheduleRequest request, RequestContext caller, ShareLookup lookup,
                SnapshotCapabilities capabilities, SnapshotScheduleRepository schedules, SnapshotScheduleTriggers triggers, CancellationToken cancellationToken) =>
            {
                var share = await lookup.OwnedAsync(id, caller, "share:snapshot_schedule", cancellationToken);
                if (!share.SnapshotSupport)
                {
                    throw new UnprocessableException(
                        $"Invalid share: share {share.Id} does not have snapshot_support (its share type does not ask for snapshot_support=True), so it cannot be snapshotted on a schedule.");
                }

                if (share.Backend is not null && !capabilities.Advertises(share.Backend, share.Pool, SnapshotCapabilities.Snapshot))
                {
                    throw new UnprocessableException(
                        $"Invalid share: the pool {SnapshotCapabilities.Describe(share.Backend, share.Pool)} of share {share.Id} does not advertise snapshot_support.");
                }

                var body = request.SnapshotSchedule!;
                if (!await schedules.UpsertAsync(share.Id, share.ProjectId, caller.UserId, body.CronExpression!.Trim(), body.Retention!.Value, cancellationToken))
                {
                    throw new NotFoundException($"Share {id} could not be found.");
                }

                await triggers.RegisterAsync(share.Id, body.CronExpression.Trim(), cancellationToken);
                return TypedResults.Ok(SnapshotScheduleView.Body((await schedules.FindAsync(share.Id, cancellationToken))!));
            })
            .RequireMember("share:snapshot_schedule")
            .WithName("SetSnapshotSchedule")
            .WithSummary("Snapshot a share on a schedule: a Quartz cron expression (UTC) and how many scheduled snapshots to keep (ShareHost extension).");

        app.MapGet(Path, async (string id, RequestContext caller, ShareLookup lookup, SnapshotScheduleRepository schedules, CancellationToken cancellationToken) =>
            {
                var share = await lookup.VisibleAsync(id, caller, cancellationToken);
                var schedule = await schedules.FindAsync(share.Id, cancellationToken) ?? throw NoSchedule(share.Id);
                return TypedResults.Ok(SnapshotScheduleView.Body(schedule));
            })
            .WithName("GetSnapshotSchedule")
            .WithSummary("Show a share's snapshot schedule, with its next and last run (ShareHost extension).");

        app.MapDelete(Path, async (string id, RequestContext caller, ShareLookup lookup, SnapshotScheduleRepository schedules,
                SnapshotScheduleTriggers triggers, CancellationToken cancellationToken) =>
            {
                var share = await lookup.OwnedAsync(id, caller, "share:snapshot_schedule", cancellationToken);
                if (!await schedules.DeleteAsync(share.Id, cancellationToken))
                {
                    throw NoSchedule(share.Id);
                }

                await triggers.UnregisterAsync(share.Id, cancellationToken);
                return TypedResults.NoContent();
            })
            .RequireMember("share:snapshot_schedule")
            .WithName("DeleteSnapshotSchedule")
            .WithSummary("Stop snapshotting a share on a schedule; its snapshots stay (ShareHost extension).");

        app.MapPost(Path + "/run", async (string id, RequestContext caller, ShareLookup lookup, SnapshotScheduleRepository schedules,
                SnapshotScheduleRunner runner, CancellationToken cancellationToken) =>
            {
                var share = await lookup.VisibleAsync(id, caller, cancellationToken);
                _ = await schedules.FindAsync(share.Id, cancellationToken) ?? throw NoSchedule(share.Id);
                await runner.RunAsync(share.Id, cancellationToken);
                return TypedResults.Json(SnapshotScheduleView.Body((await schedules.FindAsync(share.Id, cancellationToken)) ?? throw NoSchedule(share.Id)),
                    statusCode: StatusCodes.Status202Accepted);
            })
            .RequireAdmin("share:snapshot_schedule_run")
            .WithName("RunSnapshotSchedule")
            .WithSummary("Run a share's snapshot schedule now, as if its trigger had fired (admin; ShareHost extension).");

        return app;
    }

    private static NotFoundException NoSchedule(string shareId) => new($"Share {shareId} has no snapshot schedule.");
}
