using System.Data.Common;
using System.Text.Json;
using Dapper;

namespace ShareHost.Features.Mounts.Access;

/// <summary>
/// What mount access reads and writes of the access tables, in the rule writer's transaction: a share's ip rules for
/// the mounting clients (with the mount marker and their states), the live leases naming a rule, and one-statement
/// denies for many rules. Rules are added through <see cref="AccessRules.AccessRuleRepository"/>.
/// </summary>
public static class MountAccessRepository
{
    /// <summary>Metadata key that marks a rule a mount made (and a mount's end may deny); rules made by hand lack it.</summary>
    public const string MarkerKey = "sharehost_mount";

    private const string TargetsSql = $"""
        SELECT r.id, r.access_to, r.access_level, md.value IS NOT NULL AS mount_made,
               (SELECT group_concat(m.state) FROM share_instance_access_map m WHERE m.access_id = r.id) AS states
        FROM share_access_rules r
        LEFT JOIN share_access_rule_metadata md ON md.access_id = r.id AND md.key = '{MarkerKey}'
        WHERE r.share_id = @shareId AND r.access_type = 'ip' AND r.access_to IN (SELECT value FROM json_each(@targets))
        """;

    private const string LinkedSql = """
        SELECT access_rule_id, id FROM mount_leases
        WHERE access_rule_id IN (SELECT value FROM json_each(@ids)) AND state = 'active'
        """;

    private const string UnusedSql = $"""
        SELECT r.id, md.value IS NOT NULL AS mount_made,
               EXISTS (SELECT 1 FROM mount_leases l WHERE l.access_rule_id = r.id AND l.state = 'active') AS used
        FROM share_access_rules r
        LEFT JOIN share_access_rule_metadata md ON md.access_id = r.id AND md.key = '{MarkerKey}'
        WHERE r.id IN (SELECT value FROM json_each(@ids))
        """;

    private const string QueueDenySql = """
        UPDATE share_instance_access_map SET state = 'queued_to_deny', updated_at = @now
        WHERE access_id IN (SELECT value FROM json_each(@ids)) AND state NOT IN ('queued_to_deny', 'denying')
        RETURNING share_instance_id
        """;

    private const string StatesSql = """
        SELECT access_id, group_concat(state) AS states FROM share_instance_access_map
        WHERE access_id IN (SELECT value FROM json_each(@ids)) GROUP BY access_id
        """;

    /// <summary>
    /// Rules a mount made on the shares of a backend, older than <c>@before</c>, not on their way out, that no active
    /// lease names: what a crash between a rule's grant and its lease recording it (or between a lease's end and its
    /// rule's deny) leaves behind.
    /// </summary>
    private const string OrphansSql = $"""
        SELECT r.id AS RuleId, r.share_id AS TargetId, r.access_to AS Client
        FROM share_access_rules r
        JOIN share_access_rule_metadata md ON md.access_id = r.id AND md.key = '{MarkerKey}'
        JOIN share_instances i ON i.share_id = r.share_id AND i.is_primary = 1
        WHERE i.backend = @backend AND r.access_type = 'ip' AND r.created_at < @before
          AND NOT EXISTS (SELECT 1 FROM mount_leases l WHERE l.access_rule_id = r.id AND l.state = 'active')
          AND EXISTS (SELECT 1 FROM share_instance_access_map m WHERE m.access_id = r.id AND m.state NOT IN ('queued_to_deny', 'denying'))
        """;

    public static async Task<IReadOnlyList<OrphanRule>> OrphansAsync(DbConnection connection, string backend, DateTime before) =>
        (await connection.QueryAsync<OrphanRule>(new CommandDefinition(OrphansSql, new { backend, before }))).ToList();

    public static async Task<IReadOnlyList<ExistingRule>> TargetsAsync(DbConnection connection, DbTransaction transaction, string shareId, IEnumerable<string> clients) =>
        (await connection.QueryAsync<ExistingRule>(new CommandDefinition(
            TargetsSql, new { shareId, targets = JsonSerializer.Serialize(clients.Distinct(StringComparer.Ordinal)) }, transaction))).ToList();

    /// <summary>Rule id → the active leases naming it.</summary>
    public static async Task<ILookup<string, string>> LinkedAsync(DbConnection connection, DbTransaction transaction, IReadOnlyCollection<string> ruleIds) =>
        ruleIds.Count == 0
            ? Array.Empty<(string, string)>().ToLookup(r => r.Item1, r => r.Item2)
            : (await connection.QueryAsync<(string RuleId, string LeaseId)>(new CommandDefinition(
                LinkedSql, new { ids = JsonSerializer.Serialize(ruleIds) }, transaction))).ToLookup(r => r.RuleId, r => r.LeaseId, StringComparer.Ordinal);

    /// <summary>For each rule that still exists: whether a mount made it, and whether an active lease still names it.</summary>
    public static Task<IReadOnlyList<(string Id, bool MountMade, bool Used)>> UsageAsync(DbConnection connection, DbTransaction transaction, IReadOnlyCollection<string> ruleIds) =>
        UsageAsync(connection, transaction, UnusedSql, ruleIds);

    /// <summary>Queues rules for removal on every instance in one statement; the instances touched.</summary>
    public static Task<IReadOnlyList<string>> QueueDenyAsync(DbConnection connection, DbTransaction transaction, IReadOnlyCollection<string> ruleIds) =>
        QueueDenyAsync(connection, transaction, QueueDenySql, ruleIds);

    /// <summary>Runs a usage query of any mount rule store: <c>(id, mount_made, used)</c> for the rules in <c>@ids</c>.</summary>
    internal static async Task<IReadOnlyList<(string Id, bool MountMade, bool Used)>> UsageAsync(DbConnection connection, DbTransaction transaction, string sql, IReadOnlyCollection<string> ruleIds) =>
        (await connection.QueryAsync<(string Id, long MountMade, long Used)>(new CommandDefinition(sql, new { ids = JsonSerializer.Serialize(ruleIds) }, transaction)))
        .Select(r => (r.Id, r.MountMade != 0, r.Used != 0)).ToList();

    /// <summary>Runs a deny statement of any mount rule store over the rules in <c>@ids</c> (at <c>@now</c>); the distinct sync targets it returns.</summary>
    internal static async Task<IReadOnlyList<string>> QueueDenyAsync(DbConnection connection, DbTransaction transaction, string sql, IReadOnlyCollection<string> ruleIds) =>
        ruleIds.Count == 0
            ? []
            : (await connection.QueryAsync<string>(new CommandDefinition(
                sql, new { ids = JsonSerializer.Serialize(ruleIds), now = DateTime.UtcNow }, transaction))).Distinct(StringComparer.Ordinal).ToList();

    /// <summary>Each rule's state over its instances, aggregated as the API shows it (rules that no longer exist are absent).</summary>
    public static async Task<Dictionary<string, string>> StatesAsync(DbConnection connection, IReadOnlyCollection<string> ruleIds) =>
        (await connection.QueryAsync<(string Id, string States)>(new CommandDefinition(StatesSql, new { ids = JsonSerializer.Serialize(ruleIds) })))
        .ToDictionary(r => r.Id, r => AccessRules.AccessRuleState.Aggregate(r.States.Split(',')), StringComparer.Ordinal);
}

/// <summary>A rule a mount made that no active lease names, on its share or snapshot.</summary>
public sealed record OrphanRule(string RuleId, string TargetId, string Client);

/// <summary>A share's ip rule for a mounting client, as found.</summary>
public sealed class ExistingRule
{
    public string Id { get; init; } = "";

    public string AccessTo { get; init; } = "";

    public string AccessLevel { get; init; } = "";

    public bool MountMade { get; init; }

    public string? States { get; init; }

    public string State => AccessRules.AccessRuleState.Aggregate(States?.Split(',') ?? []);
}
