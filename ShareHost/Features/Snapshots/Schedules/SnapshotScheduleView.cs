using ShareHost.Api;

namespace ShareHost.Features.Snapshots.Schedules;

/// <summary><c>{"snapshot_schedule": {share_id, cron_expression, time_zone, retention, next_run_at, last_run_at, last_result, …}}</c>.</summary>
public static class SnapshotScheduleView
{
    public static Dictionary<string, object?> Render(SnapshotSchedule schedule) => new()
    {
        ["share_id"] = schedule.ShareId,
        ["cron_expression"] = schedule.CronExpression,
        ["time_zone"] = "UTC",
        ["retention"] = schedule.Retention,
        ["next_run_at"] = ManilaJson.Timestamp(SnapshotScheduleTriggers.NextRun(schedule.CronExpression)?.UtcDateTime),
        ["last_run_at"] = ManilaJson.Timestamp(schedule.LastRunAt),
        ["last_result"] = schedule.LastResult,
        ["created_at"] = ManilaJson.Timestamp(schedule.CreatedAt),
        ["updated_at"] = ManilaJson.Timestamp(schedule.UpdatedAt),
    };

    public static Dictionary<string, object?> Body(SnapshotSchedule schedule) => new() { ["snapshot_schedule"] = Render(schedule) };
}
