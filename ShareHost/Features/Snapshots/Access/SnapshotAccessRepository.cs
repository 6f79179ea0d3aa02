using System.Data.Common;
using Dapper;
using ShareHost.Persistence;

namespace ShareHost.Features.Snapshots.Access;

/// <summary>A snapshot's read-only access rules and their states.</summary>
public sealed class SnapshotAccessRepository(SqliteConnectionFactory connections)
{
    public const string QueuedToApply = "queued_to_apply";
    public const string Applying = "applying";
    public const string Active = "active";
    public const string Error = "error";
    public const string QueuedToDeny = "queued_to_deny";
    public const string Denying = "denying";

    private const string Columns = "id, snapshot_id, access_type, access_to, state, created_at, updated_at";

    public async Task<IReadOnlyList<SnapshotAccessRule>> ListAsync(string snapshotId, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return await ListAsync(connection, null, snapshotId, cancellationToken);
    }

    public static async Task<IReadOnlyList<SnapshotAccessRule>> ListAsync(DbConnection connection, DbTransaction? transaction, string snapshotId, CancellationToken cancellationToken = default) =>
        (await connection.QueryAsync<SnapshotAccessRule>(new CommandDefinition(
            $"SELECT {Columns} FROM snapshot_access_rules WHERE snapshot_id = @snapshotId ORDER BY created_at, id",
            new { snapshotId }, transaction, cancellationToken: cancellationToken))).ToList();

    public static Task InsertAsync(DbConnection connection, DbTransaction transaction, SnapshotAccessRule rule, CancellationToken cancellationToken = default) =>
        connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO snapshot_access_rules (id, snapshot_id, access_type, access_to, state, created_at, mount_made)
            VALUES (@Id, @SnapshotId, @AccessType, @AccessTo, @State, @CreatedAt, @MountMade)
            """, rule, transaction, cancellationToken: cancellationToken));

    /// <summary>Moves every rule of the snapshot in <paramref name="from"/> to <paramref name="to"/>.</summary>
    public static Task<int> MoveAsync(DbConnection connection, DbTransaction transaction, string snapshotId, string from, string to, CancellationToken cancellationToken = default) =>
        connection.ExecuteAsync(new CommandDefinition(
            "UPDATE snapshot_access_rules SET state = @to, updated_at = @now WHERE snapshot_id = @snapshotId AND state = @from",
            new { snapshotId, from, to, now = DateTime.UtcNow }, transaction, cancellationToken: cancellationToken));

    /// <summary>Compare-and-set on one rule.</summary>
    public static async Task<bool> TransitionAsync(DbConnection connection, DbTransaction transaction, string ruleId, IReadOnlyCollection<string> from, string to, CancellationToken cancellationToken = default) =>
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE snapshot_access_rules SET state = @to, updated_at = @now WHERE id = @ruleId AND state IN @from",
            new { ruleId, from, to, now = DateTime.UtcNow }, transaction, cancellationToken: cancellationToken)) == 1;

    public static Task RemoveAsync(DbConnection connection, DbTransaction transaction, string ruleId, CancellationToken cancellationToken = default) =>
        connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM snapshot_access_rules WHERE id = @ruleId", new { ruleId }, transaction, cancellationToken: cancellationToken));
}

/// <summary>One snapshot access rule; always read-only.</summary>
public sealed class SnapshotAccessRule
{
    public string Id { get; init; } = "";

    public string SnapshotId { get; init; } = "";

    public string AccessType { get; init; } = "";

    public string AccessTo { get; init; } = "";

    public string State { get; init; } = "";

    public DateTime CreatedAt { get; init; }

    public DateTime? UpdatedAt { get; init; }

    /// <summary>A snapshot mount made the rule for its client (the end of the last lease using it denies it).</summary>
    public bool MountMade { get; init; }
}
