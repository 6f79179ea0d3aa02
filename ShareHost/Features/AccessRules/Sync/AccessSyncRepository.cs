using System.Data.Common;
using Dapper;
using ShareHost.Persistence;

namespace ShareHost.Features.AccessRules.Sync;

/// <summary>One rule of an instance as a sync pass sees it.</summary>
public sealed class InstanceRule
{
    public string Id { get; init; } = "";

    public string AccessType { get; init; } = "";

    public string AccessTo { get; init; } = "";

    public string AccessLevel { get; init; } = "";

    public string? AccessKey { get; init; }

    public string State { get; init; } = "";
}

/// <summary>The state changes of a sync pass, each in its own transaction and compare-and-set on the rule's state.</summary>
public sealed class AccessSyncRepository(SqliteConnectionFactory connections)
{
    private const string StartApplying = """
        UPDATE share_instance_access_map SET state = 'applying', updated_at = @now
        WHERE share_instance_id = @instanceId AND state = 'queued_to_apply'
        """;

    private const string StartDenying = """
        UPDATE share_instance_access_map SET state = 'denying', updated_at = @now
        WHERE share_instance_id = @instanceId AND state = 'queued_to_deny'
        """;

    private const string SelectSent = """
        SELECT r.id, r.access_type, r.access_to, r.access_level, r.access_key, m.state
        FROM share_instance_access_map m JOIN share_access_rules r ON r.id = m.access_id
        WHERE m.share_instance_id = @instanceId AND m.state IN ('applying', 'active', 'denying')
        ORDER BY r.created_at, r.rowid
        """;

    private const string SetState = """
        UPDATE share_instance_access_map SET state = @Next, updated_at = @Now
        WHERE share_instance_id = @InstanceId AND access_id = @AccessId AND state = @Expected
        """;

    private const string DeleteDenied = """
        DELETE FROM share_instance_access_map
        WHERE share_instance_id = @InstanceId AND access_id = @AccessId AND state = 'denying'
        """;

    private const string DeleteOrphanRule = """
        DELETE FROM share_access_rules
        WHERE id = @AccessId AND NOT EXISTS (SELECT 1 FROM share_instance_access_map m WHERE m.access_id = @AccessId)
        """;

    private const string SetAccessKey = """
        UPDATE share_access_rules SET access_key = @AccessKey WHERE id = @AccessId AND access_key IS NOT @AccessKey
        """;

    private const string TouchRules = "UPDATE share_access_rules SET updated_at = @now WHERE id IN @ids";

    private const string Summary = """
        SELECT COALESCE(SUM(state IN ('queued_to_apply', 'queued_to_deny', 'applying', 'denying')), 0) AS Pending,
               COALESCE(SUM(state IN ('queued_to_apply', 'queued_to_deny')), 0) AS Queued,
               COALESCE(SUM(state = 'error'), 0) AS Errors
        FROM share_instance_access_map WHERE share_instance_id = @instanceId
        """;

    private const string ResetInFlight = """
        UPDATE share_instance_access_map
        SET state = CASE state WHEN 'applying' THEN 'queued_to_apply' ELSE 'queued_to_deny' END, updated_at = @now
        WHERE state IN ('applying', 'denying')
        """;

    private const string Unsettled = """
        SELECT DISTINCT share_instance_id FROM share_instance_access_map WHERE state NOT IN ('active', 'error')
        UNION
        SELECT id FROM share_instances WHERE access_rules_status = 'syncing'
        """;

    private const string QueuedOnBackend = """
        SELECT DISTINCT m.share_instance_id FROM share_instance_access_map m
        JOIN share_instances i ON i.id = m.share_instance_id
        WHERE m.state IN ('queued_to_apply', 'queued_to_deny') AND i.backend = @backend
        """;

    /// <summary>
    /// Moves the instance's queued rules into flight and returns what the driver is to be told: every applying,
    /// active and denying rule. <c>Started</c> is false when nothing was queued (then nothing is sent).
    /// </summary>
    public async Task<(bool Started, IReadOnlyList<InstanceRule> Rules)> StartAsync(string instanceId, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var transaction = await SqliteConnectionFactory.BeginWriteAsync(connection, cancellationToken);
        var now = DateTime.UtcNow;
        var moved = await connection.ExecuteAsync(new CommandDefinition(StartApplying, new { instanceId, now }, transaction, cancellationToken: cancellationToken))
            + await connection.ExecuteAsync(new CommandDefinition(StartDenying, new { instanceId, now }, transaction, cancellationToken: cancellationToken));
        if (moved == 0)
        {
            await SettleAsync(connection, transaction, instanceId, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return (false, []);
        }

        var rules = (await connection.QueryAsync<InstanceRule>(new CommandDefinition(SelectSent, new { instanceId }, transaction, cancellationToken: cancellationToken))).ToList();
        await TouchAsync(connection, transaction, rules.Where(r => r.State != AccessRuleState.Active).Select(r => r.Id), now, cancellationToken);
        await AccessRuleRepository.MarkSyncingAsync(connection, transaction, [instanceId], cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return (true, rules);
    }

    /// <summary>Writes the outcome of a pass and the instance's access_rules_status; whether more changes are queued.</summary>
    public async Task<bool> FinishAsync(string instanceId, RuleOutcomes outcomes, Func<DbConnection, DbTransaction, Task> recordMessages, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var transaction = await SqliteConnectionFactory.BeginWriteAsync(connection, cancellationToken);
        var now = DateTime.UtcNow;
        Task Change(string sql, IEnumerable<object> rows) => connection.ExecuteAsync(new CommandDefinition(sql, rows, transaction, cancellationToken: cancellationToken));
        await Change(SetState, outcomes.Activated.Select(id => Row(instanceId, id, AccessRuleState.Applying, AccessRuleState.Active, now)));
        await Change(SetState, outcomes.FailedToApply.Select(id => Row(instanceId, id, AccessRuleState.Applying, AccessRuleState.Error, now)));
        await Change(SetState, outcomes.FailedToDeny.Select(id => Row(instanceId, id, AccessRuleState.Denying, AccessRuleState.Error, now)));
        await Change(SetState, outcomes.FailedWhileActive.Select(id => Row(instanceId, id, AccessRuleState.Active, AccessRuleState.Error, now)));
        await Change(DeleteDenied, outcomes.Removed.Select(id => new { InstanceId = instanceId, AccessId = id }));
        await Change(DeleteOrphanRule, outcomes.Removed.Select(id => new { AccessId = id }));
        await Change(SetAccessKey, outcomes.AccessKeys.Select(k => new { AccessId = k.Key, AccessKey = k.Value }));
        await TouchAsync(connection, transaction, outcomes.Activated.Concat(outcomes.FailedToApply).Concat(outcomes.FailedToDeny).Concat(outcomes.FailedWhileActive), now, cancellationToken);
        await recordMessages(connection, transaction);
        var queued = await SettleAsync(connection, transaction, instanceId, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return queued;
    }

    /// <summary>After a restart: rules that were in a driver call go back to queued_*; the instances with unsettled rules.</summary>
    public async Task<IReadOnlyList<string>> ResetInFlightAsync(CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var transaction = await SqliteConnectionFactory.BeginWriteAsync(connection, cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(ResetInFlight, new { now = DateTime.UtcNow }, transaction, cancellationToken: cancellationToken));
        var instances = (await connection.QueryAsync<string>(new CommandDefinition(Unsettled, transaction: transaction, cancellationToken: cancellationToken))).ToList();
        await transaction.CommitAsync(cancellationToken);
        return instances;
    }

    /// <summary>Instances on a backend with rules waiting to be sent.</summary>
    public async Task<IReadOnlyList<string>> QueuedOnBackendAsync(string backend, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<string>(new CommandDefinition(QueuedOnBackend, new { backend }, cancellationToken: cancellationToken))).ToList();
    }

    /// <summary>Sets access_rules_status from the rules' states (syncing while any is unsettled, else error if any failed, else active); whether any is queued.</summary>
    private static async Task<bool> SettleAsync(DbConnection connection, DbTransaction transaction, string instanceId, CancellationToken cancellationToken)
    {
        var (pending, queued, errors) = await connection.QuerySingleAsync<(long Pending, long Queued, long Errors)>(new CommandDefinition(
            Summary, new { instanceId }, transaction, cancellationToken: cancellationToken));
        var status = pending > 0 ? AccessRulesStatus.Syncing : errors > 0 ? AccessRulesStatus.Error : AccessRulesStatus.Active;
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE share_instances SET access_rules_status = @status WHERE id = @instanceId AND access_rules_status <> @status",
            new { instanceId, status }, transaction, cancellationToken: cancellationToken));
        return queued > 0;
    }

    private static async Task TouchAsync(DbConnection connection, DbTransaction transaction, IEnumerable<string> ids, DateTime now, CancellationToken cancellationToken)
    {
        foreach (var chunk in ids.Distinct(StringComparer.Ordinal).Chunk(500))
        {
            await connection.ExecuteAsync(new CommandDefinition(TouchRules, new { ids = chunk, now }, transaction, cancellationToken: cancellationToken));
        }
    }

    private static object Row(string instanceId, string accessId, string expected, string next, DateTime now) =>
        new { InstanceId = instanceId, AccessId = accessId, Expected = expected, Next = next, Now = now };
}

/// <summary>What a pass decided for each rule it sent (or that the driver reported on).</summary>
public sealed class RuleOutcomes
{
    public List<string> Activated { get; } = [];

    public List<string> FailedToApply { get; } = [];

    public List<string> FailedToDeny { get; } = [];

    public List<string> FailedWhileActive { get; } = [];

    public List<string> Removed { get; } = [];

    public Dictionary<string, string> AccessKeys { get; } = new(StringComparer.Ordinal);
}
