namespace ShareHost.Features.Snapshots.Schedules;

/// <summary>
/// Registers every stored schedule with Quartz at start (schedules live in the database, Quartz's store is in memory).
/// Runs after the database is migrated (BackendStartup is registered first); Quartz starts firing once its own hosted
/// service has started.
/// </summary>
public sealed class SnapshotScheduleStartup(SnapshotScheduleRepository schedules, SnapshotScheduleTriggers triggers, ILogger<SnapshotScheduleStartup> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var all = await schedules.AllAsync(cancellationToken);
        foreach (var schedule in all)
        {
            try
            {
                await triggers.RegisterAsync(schedule.ShareId, schedule.CronExpression, cancellationToken);
            }
            catch (Exception e) when (e is Quartz.SchedulerException or FormatException or ArgumentException)
            {
                logger.LogError(e, "The snapshot schedule of share {Share} ({Cron}) could not be registered", schedule.ShareId, schedule.CronExpression);
            }
        }

        if (all.Count > 0)
        {
            logger.LogInformation("{Count} snapshot schedules registered", all.Count);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
