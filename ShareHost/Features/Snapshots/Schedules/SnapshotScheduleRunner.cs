using ShareHost.Api.Auth;
using ShareHost.Api.Errors;
using ShareHost.Features.Messages;
using ShareHost.Features.Shares;
using ShareHost.Features.Snapshots.CreateSnapshot;
using ShareHost.Features.Snapshots.DeleteSnapshot;
using ShareHost.Persistence;

namespace ShareHost.Features.Snapshots.Schedules;

/// <summary>
/// One run of a share's snapshot schedule: takes a snapshot marked as scheduled (named <c>scheduled-&lt;UTC time&gt;</c>)
/// through the same path as the API, then deletes the oldest scheduled snapshots beyond the retention count (manual
/// snapshots are never touched). A run that cannot take its snapshot records a user message on the share and the
/// schedule stays in place; a snapshot the driver fails to take ends in <c>error</c> with its own message.
/// </summary>
public sealed class SnapshotScheduleRunner(
    SnapshotScheduleRepository schedules,
    SnapshotScheduleTriggers triggers,
    CreateSnapshotService creates,
    DeleteSnapshotService deletes,
    SqliteConnectionFactory connections,
    MessageRepository messages,
    ILogger<SnapshotScheduleRunner> logger)
{
    private static readonly HashSet<string> Gone = [SnapshotStatus.Deleting, SnapshotStatus.ErrorDeleting];

    /// <summary>Runs the share's schedule now; returns what happened (also stored as the schedule's last result).</summary>
    public async Task<string> RunAsync(string shareId, CancellationToken cancellationToken)
    {
        var schedule = await schedules.FindAsync(shareId, cancellationToken);
        if (schedule is null)
        {
            // The schedule (or its share) was deleted: nothing should fire for it any more.
            await triggers.UnregisterAsync(shareId, cancellationToken);
            return "no schedule";
        }

        var requestId = "req-" + Guid.NewGuid();
        var caller = new RequestContext(schedule.UserId, schedule.ProjectId, new HashSet<string> { RequestContext.Role.Member }, requestId);
        string result;
        try
        {
            var now = DateTime.UtcNow;
            var snapshot = await creates.CreateAsync(
                new SnapshotRequest(shareId, $"scheduled-{now:yyyyMMdd'T'HHmmss'Z'}", "Taken by the share's snapshot schedule.",
                    new Dictionary<string, string>(), Scheduled: true),
                caller, cancellationToken);
            var deleted = await ApplyRetentionAsync(schedule, requestId, cancellationToken);
            result = $"took snapshot {snapshot.Id}" + (deleted > 0 ? $"; deleting {deleted} older scheduled snapshot(s) beyond the retention of {schedule.Retention}" : "");
        }
        catch (ApiException e)
        {
            result = $"no snapshot taken: {e.Message}";
            await RecordFailureAsync(schedule, requestId, e.Message, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "The snapshot schedule of share {Share} failed", shareId);
            result = $"no snapshot taken: {e.Message}";
            await RecordFailureAsync(schedule, requestId, e.Message, cancellationToken);
        }

        await schedules.RecordRunAsync(shareId, result, cancellationToken);
        return result;
    }

    /// <summary>Deletes the oldest scheduled snapshots beyond the retention count; returns how many deletes were accepted.</summary>
    private async Task<int> ApplyRetentionAsync(SnapshotSchedule schedule, string requestId, CancellationToken cancellationToken)
    {
        IReadOnlyList<SnapshotRecord> all;
        await using (var connection = await connections.OpenAsync(cancellationToken))
        {
            all = await SnapshotRepository.ForShareAsync(connection, null, schedule.ShareId, cancellationToken);
        }

        var beyond = all.Where(s => s.Scheduled && !Gone.Contains(s.Status))
            .Reverse()
            .Skip(schedule.Retention)
            .Where(s => SnapshotStatus.Deletable.Contains(s.Status))
            .ToList();
        var deleted = 0;
        foreach (var snapshot in beyond)
        {
            try
            {
                await deletes.DeleteAsync(snapshot, requestId, force: false, cancellationToken);
                deleted++;
            }
            catch (ApiException e)
            {
                // Its status changed, or a share is being created from it: the next run tries again.
                logger.LogInformation("Retention skipped snapshot {Snapshot} of share {Share}: {Reason}", snapshot.Id, schedule.ShareId, e.Message);
            }
        }

        return deleted;
    }

    private async Task RecordFailureAsync(SnapshotSchedule schedule, string requestId, string reason, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var transaction = await SqliteConnectionFactory.BeginWriteAsync(connection, cancellationToken);
        await messages.RecordAsync(connection, transaction, schedule.ProjectId, requestId, ResourceTypes.Share, schedule.ShareId,
            MessageCatalog.Action.Create, MessageCatalog.Detail.Unknown, $"the scheduled snapshot was not taken: {reason}", cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }
}
