using System.Data.Common;
using System.Text.Json;
using Dapper;
using ShareHost.Features.Snapshots.Access;

namespace ShareHost.Features.Mounts.Access;

/// <summary>
/// What snapshot mount access reads and writes of <c>snapshot_access_rules</c>, in the rule writer's transaction: a
/// snapshot's ip rules for the mounting clients (with the mount marker), whether a lease still uses a rule, one-statement
/// denies, and the rules a crash left behind. Rules are added through <see cref="SnapshotAccessRepository"/>.
/// </summary>
public static class SnapshotMountAccessRepository
{
    private const string RulesForSql = """
        SELECT id, access_to, 'ro' AS access_level, mount_made, state AS states
        FROM snapshot_access_rules
        WHERE snapshot_id = @snapshotId AND access_type = 'ip' AND access_to IN (SELECT value FROM json_each(@clients))
        """;

    private const string UsageSql = """
        SELECT r.id, r.mount_made,
               EXISTS (SELECT 1 FROM mount_leases l WHERE l.access_rule_id = r.id AND l.state = 'active') AS used
        FROM snapshot_access_rules r
        WHERE r.id IN (SELECT value FROM json_each(@ids))
        """;

    private const string QueueDenySql = """
        UPDATE snapshot_access_rules SET state = 'queued_to_deny', updated_at = @now
        WHERE id IN (SELECT value FROM json_each(@ids)) AND state NOT IN ('queued_to_deny', 'denying')
        RETURNING snapshot_id
        """;

    private const string StatesSql = "SELECT id, state FROM snapshot_access_rules WHERE id IN (SELECT value FROM json_each(@ids))";

    private const string InFlightSql = """
        SELECT COUNT(*) FROM snapshot_access_rules
        WHERE snapshot_id = @snapshotId AND state IN ('queued_to_apply', 'applying', 'queued_to_deny', 'denying')
        """;

    /// <summary>Rules a snapshot mount made on the snapshots of a backend's shares that no active lease names (see the share rules' sweep).</summary>
    private const string OrphansSql = """
        SELECT r.id AS RuleId, r.snapshot_id AS TargetId, r.access_to AS Client
        FROM snapshot_access_rules r
        JOIN snapshots s ON s.id = r.snapshot_id
        JOIN share_instances i ON i.share_id = s.share_id AND i.is_primary = 1
        WHERE r.mount_made = 1 AND i.backend = @backend AND r.access_type = 'ip' AND r.created_at < @before
          AND r.state NOT IN ('queued_to_deny', 'denying')
          AND NOT EXISTS (SELECT 1 FROM mount_leases l WHERE l.access_rule_id = r.id AND l.state = 'active')
        """;

    public static async Task<bool> ExistsAsync(DbConnection connection, DbTransaction transaction, string snapshotId) =>
        await connection.ExecuteScalarAsync<long>(new CommandDefinition("SELECT COUNT(*) FROM snapshots WHERE id = @snapshotId", new { snapshotId }, transaction)) > 0;

    public static async Task<IReadOnlyList<ExistingRule>> RulesForAsync(DbConnection connection, DbTransaction transaction, string snapshotId, IEnumerable<string> clients) =>
        (await connection.QueryAsync<ExistingRule>(new CommandDefinition(
            RulesForSql, new { snapshotId, clients = JsonSerializer.Serialize(clients.Distinct(StringComparer.Ordinal)) }, transaction))).ToList();

    public static Task<IReadOnlyList<(string Id, bool MountMade, bool Used)>> UsageAsync(DbConnection connection, DbTransaction transaction, IReadOnlyCollection<string> ruleIds) =>
        MountAccessRepository.UsageAsync(connection, transaction, UsageSql, ruleIds);

    /// <summary>Queues rules for removal in one statement; the snapshots touched.</summary>
    public static Task<IReadOnlyList<string>> QueueDenyAsync(DbConnection connection, DbTransaction transaction, IReadOnlyCollection<string> ruleIds) =>
        MountAccessRepository.QueueDenyAsync(connection, transaction, QueueDenySql, ruleIds);

    public static async Task<Dictionary<string, string>> StatesAsync(DbConnection connection, IReadOnlyCollection<string> ruleIds) =>
        (await connection.QueryAsync<(string Id, string State)>(new CommandDefinition(StatesSql, new { ids = JsonSerializer.Serialize(ruleIds) })))
        .ToDictionary(r => r.Id, r => r.State, StringComparer.Ordinal);

    /// <summary>How many of the snapshot's rules are still on their way to or from the driver.</summary>
    public static Task<long> InFlightAsync(DbConnection connection, string snapshotId, CancellationToken cancellationToken) =>
        connection.ExecuteScalarAsync<long>(new CommandDefinition(InFlightSql, new { snapshotId }, cancellationToken: cancellationToken));

    public static async Task<IReadOnlyList<OrphanRule>> OrphansAsync(DbConnection connection, string backend, DateTime before) =>
        (await connection.QueryAsync<OrphanRule>(new CommandDefinition(OrphansSql, new { backend, before }))).ToList();
}
