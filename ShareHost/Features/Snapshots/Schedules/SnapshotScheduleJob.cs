using Quartz;

namespace ShareHost.Features.Snapshots.Schedules;

/// <summary>Fires a share's snapshot schedule; the work is <see cref="SnapshotScheduleRunner"/>'s.</summary>
[DisallowConcurrentExecution]
public sealed class SnapshotScheduleJob(SnapshotScheduleRunner runner) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
        await runner.RunAsync(context.MergedJobDataMap.GetString(SnapshotScheduleTriggers.ShareIdKey)!, cancellationToken);
}
