using Quartz;

namespace ShareHost.Features.Snapshots.Schedules;

/// <summary>One Quartz job and cron trigger (UTC) per scheduled share, keyed by the share id.</summary>
public sealed class SnapshotScheduleTriggers(ISchedulerFactory schedulers, ILogger<SnapshotScheduleTriggers> logger)
{
    public const string Group = "snapshot-schedules";
    public const string ShareIdKey = "shareId";

    public static JobKey JobKeyFor(string shareId) => new(shareId, Group);

    public static TriggerKey TriggerKeyFor(string shareId) => new(shareId, Group);

    /// <summary>Registers (or replaces) the share's trigger.</summary>
    public async Task RegisterAsync(string shareId, string cronExpression, CancellationToken cancellationToken = default)
    {
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        var job = JobBuilder.Create<SnapshotScheduleJob>()
            .WithIdentity(JobKeyFor(shareId))
            .UsingJobData(ShareIdKey, shareId)
            .Build();
        var trigger = TriggerBuilder.Create()
            .WithIdentity(TriggerKeyFor(shareId))
            .ForJob(job.Key)
            .WithCronSchedule(cronExpression, cron => cron.InTimeZone(TimeZoneInfo.Utc))
            .Build();
        await scheduler.ScheduleJob(job, [trigger], new ScheduleJobOptions { Replace = true }, cancellationToken);
        logger.LogDebug("Snapshot schedule of share {Share} registered: {Cron} (UTC)", shareId, cronExpression);
    }

    public async Task UnregisterAsync(string shareId, CancellationToken cancellationToken = default)
    {
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        await scheduler.DeleteJob(JobKeyFor(shareId), cancellationToken);
    }

    /// <summary>Whether Quartz holds a trigger for the share (tests and diagnostics).</summary>
    public async Task<bool> IsRegisteredAsync(string shareId, CancellationToken cancellationToken = default)
    {
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        return await scheduler.GetTrigger(TriggerKeyFor(shareId), cancellationToken) is not null;
    }

    /// <summary>When the expression fires next after now, in UTC; null when it never does.</summary>
    public static DateTimeOffset? NextRun(string cronExpression) =>
        CronExpression.TryParse(cronExpression, out var parsed) ? parsed!.WithTimeZone(TimeZoneInfo.Utc).GetNextValidTimeAfter(DateTimeOffset.UtcNow) : null;
}
