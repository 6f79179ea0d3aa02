using System.Data.Common;
using Dapper;
using ShareHost.Persistence;

namespace ShareHost.Features.AccessRules;

/// <summary>Access rules, their metadata and their state on each share instance.</summary>
public sealed class AccessRuleRepository(SqliteConnectionFactory connections)
{
    private const string RuleColumns = "r.id, r.share_id, r.access_type, r.access_to, r.access_level, r.access_key, r.created_at, r.updated_at";

    private const string InsertRule = """
        INSERT INTO share_access_rules (id, share_id, access_type, access_to, access_level, created_at)
        VALUES (@Id, @ShareId, @AccessType, @AccessTo, @AccessLevel, @CreatedAt)
        """;

    private const string InsertMapping = """
        INSERT INTO share_instance_access_map (share_instance_id, access_id, state, created_at)
        VALUES (@InstanceId, @AccessId, @State, @Now)
        ON CONFLICT (share_instance_id, access_id) DO NOTHING
        """;

    private const string InsertMetadata = """
        INSERT INTO share_access_rule_metadata (access_id, key, value) VALUES (@AccessId, @Key, @Value)
        ON CONFLICT (access_id, key) DO UPDATE SET value = excluded.value
        """;

    private const string QueueDeny = """
        UPDATE share_instance_access_map SET state = 'queued_to_deny', updated_at = @now
        WHERE access_id = @accessId AND state NOT IN ('queued_to_deny', 'denying')
        """;

    private const string QueueDenyAllOnInstance = """
        UPDATE share_instance_access_map SET state = 'queued_to_deny', updated_at = @now
        WHERE share_instance_id = @instanceId AND state NOT IN ('queued_to_deny', 'denying')
        """;

    private const string MarkSyncing = """
        UPDATE share_instances SET access_rules_status = 'syncing' WHERE id IN @instanceIds
        """;

    private const string CopyToInstance = """
        INSERT INTO share_instance_access_map (share_instance_id, access_id, state, created_at)
        SELECT @instanceId, r.id, 'queued_to_apply', @now FROM share_access_rules r
        WHERE r.share_id = @shareId
          AND NOT EXISTS (SELECT 1 FROM share_instance_access_map m
                          WHERE m.access_id = r.id AND m.state IN ('queued_to_deny', 'denying'))
        ON CONFLICT (share_instance_id, access_id) DO NOTHING
        """;

    private const string RequeueActive = """
        UPDATE share_instance_access_map SET state = 'queued_to_apply', updated_at = @now
        WHERE share_instance_id IN @instanceIds AND state = 'active'
        """;

    public SqliteConnectionFactory Connections => connections;

    /// <summary>Every rule of a share with metadata and per-instance states, oldest first.</summary>
    public Task<IReadOnlyList<AccessRule>> ListForShareAsync(string shareId, CancellationToken cancellationToken) =>
        LoadAsync("r.share_id = @shareId", new { shareId }, cancellationToken);

    public async Task<AccessRule?> FindAsync(string accessId, CancellationToken cancellationToken) =>
        (await LoadAsync("r.id = @accessId", new { accessId }, cancellationToken)).SingleOrDefault();

    /// <summary>Rules matching <paramref name="where"/> with their states and metadata, read in one snapshot.</summary>
    private async Task<IReadOnlyList<AccessRule>> LoadAsync(string where, object parameters, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        // A read transaction: the three queries see the same snapshot while allows and syncs commit around them.
        await using var snapshot = connection.BeginTransaction(deferred: true);
        var rules = (await connection.QueryAsync<AccessRule>(new CommandDefinition(
            $"SELECT {RuleColumns} FROM share_access_rules r WHERE {where} ORDER BY r.created_at, r.rowid",
            parameters, snapshot, cancellationToken: cancellationToken))).ToList();
        if (rules.Count == 0)
        {
            return rules;
        }

        var byId = rules.ToDictionary(r => r.Id, StringComparer.Ordinal);
        var states = await connection.QueryAsync<(string AccessId, string InstanceId, string State)>(new CommandDefinition(
            $"SELECT m.access_id, m.share_instance_id, m.state FROM share_instance_access_map m JOIN share_access_rules r ON r.id = m.access_id WHERE {where}",
            parameters, snapshot, cancellationToken: cancellationToken));
        foreach (var (accessId, instanceId, state) in states)
        {
            if (byId.TryGetValue(accessId, out var rule))
            {
                rule.InstanceStates[instanceId] = state;
            }
        }

        var metadata = await connection.QueryAsync<(string AccessId, string Key, string Value)>(new CommandDefinition(
            $"SELECT md.access_id, md.key, md.value FROM share_access_rule_metadata md JOIN share_access_rules r ON r.id = md.access_id WHERE {where}",
            parameters, snapshot, cancellationToken: cancellationToken));
        foreach (var (accessId, key, value) in metadata)
        {
            if (byId.TryGetValue(accessId, out var rule))
            {
                rule.Metadata[key] = value;
            }
        }

        return rules;
    }

    /// <summary>The share's rule for a type and target, if it has one.</summary>
    public async Task<AccessRule?> FindByTargetAsync(string shareId, string accessType, string accessTo, CancellationToken cancellationToken) =>
        (await LoadAsync("r.share_id = @shareId AND r.access_type = @accessType AND r.access_to = @accessTo",
            new { shareId, accessType, accessTo }, cancellationToken)).SingleOrDefault();

    /// <summary>Which of <paramref name="targets"/> (type, target) the share already has; point lookups on the unique index.</summary>
    public static async Task<HashSet<(string AccessType, string AccessTo)>> ExistingTargetsAsync(DbConnection connection, DbTransaction transaction,
        string shareId, IEnumerable<(string AccessType, string AccessTo)> targets, CancellationToken cancellationToken)
    {
        var found = new HashSet<(string, string)>();
        foreach (var byType in targets.GroupBy(t => t.AccessType, StringComparer.Ordinal))
        {
            foreach (var chunk in byType.Select(t => t.AccessTo).Distinct(StringComparer.Ordinal).Chunk(500))
            {
                var rows = await connection.QueryAsync<string>(new CommandDefinition(
                    "SELECT access_to FROM share_access_rules WHERE share_id = @shareId AND access_type = @accessType AND access_to IN @chunk",
                    new { shareId, accessType = byType.Key, chunk }, transaction, cancellationToken: cancellationToken));
                found.UnionWith(rows.Select(to => (byType.Key, to)));
            }
        }

        return found;
    }

    /// <summary>Which of <paramref name="ids"/> are rules of the share.</summary>
    public static async Task<HashSet<string>> ExistingIdsAsync(DbConnection connection, DbTransaction transaction, string shareId,
        IReadOnlyCollection<string> ids, CancellationToken cancellationToken)
    {
        var found = new HashSet<string>(StringComparer.Ordinal);
        foreach (var chunk in ids.Distinct(StringComparer.Ordinal).Chunk(500))
        {
            found.UnionWith(await connection.QueryAsync<string>(new CommandDefinition(
                "SELECT id FROM share_access_rules WHERE share_id = @shareId AND id IN @chunk",
                new { shareId, chunk }, transaction, cancellationToken: cancellationToken)));
        }

        return found;
    }

    public static Task<int> CountAsync(DbConnection connection, DbTransaction transaction, string shareId, CancellationToken cancellationToken) =>
        connection.ExecuteScalarAsync<int>(new CommandDefinition(
            "SELECT COUNT(*) FROM share_access_rules WHERE share_id = @shareId", new { shareId }, transaction, cancellationToken: cancellationToken));

    /// <summary>Inserts rules, their metadata, and a queued_to_apply state on each instance.</summary>
    public static async Task InsertAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<AccessRule> rules,
        IReadOnlyList<string> instanceIds, CancellationToken cancellationToken)
    {
        if (rules.Count == 0)
        {
            return;
        }

        var now = DateTime.UtcNow;
        await connection.ExecuteAsync(new CommandDefinition(InsertRule, rules, transaction, cancellationToken: cancellationToken));
        var metadata = rules.SelectMany(r => r.Metadata.Select(m => new { AccessId = r.Id, m.Key, m.Value })).ToList();
        if (metadata.Count > 0)
        {
            await connection.ExecuteAsync(new CommandDefinition(InsertMetadata, metadata, transaction, cancellationToken: cancellationToken));
        }

        var mappings = rules.SelectMany(r => instanceIds.Select(i => new { InstanceId = i, AccessId = r.Id, State = AccessRuleState.QueuedToApply, Now = now })).ToList();
        if (mappings.Count > 0)
        {
            await connection.ExecuteAsync(new CommandDefinition(InsertMapping, mappings, transaction, cancellationToken: cancellationToken));
        }
    }

    /// <summary>Queues the rules for removal on every instance (rules already on their way out are left alone).</summary>
    public static Task<int> QueueDenyAsync(DbConnection connection, DbTransaction transaction, IEnumerable<string> accessIds, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition(
            QueueDeny, accessIds.Select(accessId => new { accessId, now = DateTime.UtcNow }), transaction, cancellationToken: cancellationToken));

    /// <summary>Queues every rule of one instance for removal (before the instance is deleted); the number of rules the instance has.</summary>
    public static async Task<int> QueueDenyAllAsync(DbConnection connection, DbTransaction transaction, string instanceId, CancellationToken cancellationToken)
    {
        await connection.ExecuteAsync(new CommandDefinition(
            QueueDenyAllOnInstance, new { instanceId, now = DateTime.UtcNow }, transaction, cancellationToken: cancellationToken));
        return await connection.ExecuteScalarAsync<int>(new CommandDefinition(
            "SELECT COUNT(*) FROM share_instance_access_map WHERE share_instance_id = @instanceId",
            new { instanceId }, transaction, cancellationToken: cancellationToken));
    }

    /// <summary>Gives a new instance (a replica, a migration destination) every rule of its share that is not being denied, queued to apply.</summary>
    public static async Task<int> CopyToInstanceAsync(DbConnection connection, DbTransaction transaction, string shareId, string instanceId, CancellationToken cancellationToken)
    {
        var copied = await connection.ExecuteAsync(new CommandDefinition(
            CopyToInstance, new { shareId, instanceId, now = DateTime.UtcNow }, transaction, cancellationToken: cancellationToken));
        if (copied > 0)
        {
            await MarkSyncingAsync(connection, transaction, [instanceId], cancellationToken);
        }

        return copied;
    }

    /// <summary>Queues the instances' applied rules again, so the next sync sends each of them anew; how many were queued.</summary>
    public static async Task<int> RequeueActiveAsync(DbConnection connection, DbTransaction transaction, IReadOnlyCollection<string> instanceIds, CancellationToken cancellationToken)
    {
        var queued = await connection.ExecuteAsync(new CommandDefinition(
            RequeueActive, new { instanceIds, now = DateTime.UtcNow }, transaction, cancellationToken: cancellationToken));
        if (queued > 0)
        {
            await MarkSyncingAsync(connection, transaction, instanceIds, cancellationToken);
        }

        return queued;
    }

    public static Task MarkSyncingAsync(DbConnection connection, DbTransaction transaction, IReadOnlyCollection<string> instanceIds, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition(MarkSyncing, new { instanceIds }, transaction, cancellationToken: cancellationToken));

    /// <summary>The share's instances, read inside the change's transaction for the availability guard.</summary>
    public static async Task<IReadOnlyList<Shares.ShareInstanceRecord>> InstancesAsync(DbConnection connection, DbTransaction transaction, string shareId, CancellationToken cancellationToken) =>
        (await connection.QueryAsync<Shares.ShareInstanceRecord>(new CommandDefinition(
            "SELECT * FROM share_instances WHERE share_id = @shareId ORDER BY created_at", new { shareId }, transaction, cancellationToken: cancellationToken))).ToList();

    /// <summary>The rules an instance still has, with their state there.</summary>
    public async Task<IReadOnlyList<(string AccessType, string AccessTo, string State)>> OnInstanceAsync(string instanceId, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<(string, string, string)>(new CommandDefinition("""
            SELECT r.access_type, r.access_to, m.state FROM share_instance_access_map m JOIN share_access_rules r ON r.id = m.access_id
            WHERE m.share_instance_id = @instanceId
            """, new { instanceId }, cancellationToken: cancellationToken))).ToList();
    }
}
