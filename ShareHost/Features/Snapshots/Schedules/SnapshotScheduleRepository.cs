using Dapper;
using ShareHost.Persistence;

namespace ShareHost.Features.Snapshots.Schedules;

/// <summary>Snapshot schedules, one per share; the source Quartz triggers are rebuilt from at every start.</summary>
public sealed class SnapshotScheduleRepository(SqliteConnectionFactory connections)
{
    private const string Columns = "share_id, project_id, user_id, cron_expression, retention, created_at, updated_at, last_run_at, last_result";

    private const string UpsertSql = """
        INSERT INTO snapshot_schedules (share_id, project_id, user_id, cron_expression, retention, created_at)
        VALUES (@ShareId, @ProjectId, @UserId, @CronExpression, @Retention, @Now)
        ON CONFLICT (share_id) DO UPDATE SET user_id = excluded.user_id, cron_expression = excluded.cron_expression,
                                             retention = excluded.retention, updated_at = @Now
        """;

    public async Task<SnapshotSchedule?> FindAsync(string shareId, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<SnapshotSchedule>(new CommandDefinition(
            $"SELECT {Columns} FROM snapshot_schedules WHERE share_id = @shareId", new { shareId }, cancellationToken: cancellationToken));
    }

    public async Task<IReadOnlyList<SnapshotSchedule>> AllAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<SnapshotSchedule>(new CommandDefinition(
            $"SELECT {Columns} FROM snapshot_schedules ORDER BY created_at", cancellationToken: cancellationToken))).ToList();
    }

    /// <summary>Creates or replaces a share's schedule; false when the share is gone.</summary>
    public async Task<bool> UpsertAsync(string shareId, string projectId, string userId, string cronExpression, int retention, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var transaction = await SqliteConnectionFactory.BeginWriteAsync(connection, cancellationToken);
        var exists = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COUNT(*) FROM shares WHERE id = @shareId", new { shareId }, transaction, cancellationToken: cancellationToken));
        if (exists == 0)
        {
            return false;
        }

        await connection.ExecuteAsync(new CommandDefinition(UpsertSql,
            new { ShareId = shareId, ProjectId = projectId, UserId = userId, CronExpression = cronExpression, Retention = retention, Now = DateTime.UtcNow },
            transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    public async Task<bool> DeleteAsync(string shareId, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM snapshot_schedules WHERE share_id = @shareId", new { shareId }, cancellationToken: cancellationToken)) == 1;
    }

    public async Task RecordRunAsync(string shareId, string result, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE snapshot_schedules SET last_run_at = @now, last_result = @result WHERE share_id = @shareId",
            new { shareId, result, now = DateTime.UtcNow }, cancellationToken: cancellationToken));
    }
}

/// <summary>A share's snapshot schedule: a Quartz cron expression (UTC) and how many scheduled snapshots to keep.</summary>
public sealed class SnapshotSchedule
{
    public string ShareId { get; init; } = "";

    /// <summary>The share's project: scheduled snapshots belong to it.</summary>
    public string ProjectId { get; init; } = "";

    /// <summary>Who last set the schedule: scheduled snapshots carry this user id.</summary>
    public string UserId { get; init; } = "";

    public string CronExpression { get; init; } = "";

    public int Retention { get; init; }

    public DateTime CreatedAt { get; init; }

    public DateTime? UpdatedAt { get; init; }

    public DateTime? LastRunAt { get; init; }

    public string? LastResult { get; init; }
}
