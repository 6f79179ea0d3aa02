using System.Data.Common;
using Dapper;
using ShareHost.Abstractions;
using ShareHost.Features.Operations;
using ShareHost.Persistence;

namespace ShareHost.Features.Shares;

/// <summary>Shares, their instances, metadata and export locations. Status changes are compare-and-set.</summary>
public sealed class ShareRepository(SqliteConnectionFactory connections)
{
    /// <summary>
    /// A replicated share shows the status of the instance that ranks first in Manila's order (reverting,
    /// replication_change, migrating, server_migrating, available, error, others, transitional; the active replica first
    /// on a tie), so a promotion in progress shows as replication_change while the active replica still serves.
    /// A share without replication has one instance and shows its status directly.
    /// </summary>
    internal const string StatusColumn = """
        CASE WHEN s.replication_type IS NULL THEN i.status ELSE
            (SELECT r.status FROM share_instances r WHERE r.share_id = s.id
             ORDER BY CASE r.status WHEN 'reverting' THEN 0 WHEN 'replication_change' THEN 1 WHEN 'migrating' THEN 2
                      WHEN 'server_migrating' THEN 3 WHEN 'available' THEN 4 WHEN 'error' THEN 5
                      WHEN 'creating' THEN 7 WHEN 'creating_from_snapshot' THEN 7 WHEN 'deleting' THEN 7 WHEN 'extending' THEN 7
                      WHEN 'shrinking' THEN 7 WHEN 'migrating_to' THEN 7 WHEN 'server_migrating_to' THEN 7 WHEN 'restoring' THEN 7
                      ELSE 6 END, r.is_primary DESC
             LIMIT 1) END
        """;

    /// <summary>Manila's share-level access_rules_status: the worst over the available instances (error, syncing, active).</summary>
    private const string AccessRulesStatusColumn = """
        CASE WHEN s.replication_type IS NULL THEN i.access_rules_status ELSE
            COALESCE((SELECT r.access_rules_status FROM share_instances r WHERE r.share_id = s.id AND r.status = 'available'
                      ORDER BY CASE r.access_rules_status WHEN 'error' THEN 0 WHEN 'syncing' THEN 1 ELSE 2 END LIMIT 1),
                     i.access_rules_status) END
        """;

    private const string ShareColumns = $"""
        SELECT s.id, s.project_id, s.user_id, s.name, s.description, s.size, s.share_proto, s.share_type_id,
               t.name AS share_type_name, s.is_public, s.snapshot_id, s.task_state, s.snapshot_support,
               s.create_share_from_snapshot_support, s.revert_to_snapshot_support, s.mount_snapshot_support,
               s.replication_type, s.created_at, s.updated_at, s.fencing_token,
               i.id AS instance_id, {StatusColumn} AS status, i.status AS instance_status, i.backend, i.pool, i.availability_zone,
               i.replica_state, {AccessRulesStatusColumn} AS access_rules_status, i.progress, NULL AS share_group_id,
               (SELECT COUNT(*) FROM share_instances r WHERE r.share_id = s.id AND r.replica_state IS NOT NULL) > 1 AS has_replicas
        """;

    public const string SelectShares = $"""
        {ShareColumns}
        FROM shares s
        JOIN share_instances i ON i.share_id = s.id AND i.is_primary = 1
        LEFT JOIN share_types t ON t.id = s.share_type_id
        """;

    /// <summary>
    /// <see cref="SelectShares"/> with the shares as the outer loop (SQLite's <c>CROSS JOIN</c> fixes the join order),
    /// for pages sorted on a shares column with no filter on the instance: the query walks the sort's index and stops
    /// at the end of the page. Left to itself the planner drives from the instances and sorts every row first
    /// (18 ms for a page of 100 among 13,000 shares, against 0.7 ms this way).
    /// </summary>
    public const string SelectSharesInShareOrder = $"""
        {ShareColumns}
        FROM shares s
        CROSS JOIN share_instances i ON i.share_id = s.id AND i.is_primary = 1
        LEFT JOIN share_types t ON t.id = s.share_type_id
        """;

    private const string InsertShare = """
        INSERT INTO shares (id, project_id, user_id, name, description, size, share_proto, share_type_id, is_public,
                            snapshot_id, snapshot_support, create_share_from_snapshot_support, revert_to_snapshot_support,
                            mount_snapshot_support, replication_type, created_at)
        VALUES (@Id, @ProjectId, @UserId, @Name, @Description, @Size, @ShareProto, @ShareTypeId, @IsPublic,
                @SnapshotId, @SnapshotSupport, @CreateShareFromSnapshotSupport, @RevertToSnapshotSupport,
                @MountSnapshotSupport, @ReplicationType, @CreatedAt)
        """;

    private const string InsertInstance = """
        INSERT INTO share_instances (id, share_id, is_primary, status, backend, pool, availability_zone, replica_state,
                                     access_rules_status, progress, created_at)
        VALUES (@Id, @ShareId, @IsPrimary, @Status, @Backend, @Pool, @AvailabilityZone, @ReplicaState,
                @AccessRulesStatus, @Progress, @CreatedAt)
        """;

    private const string SelectExportLocations = """
        SELECT id, share_instance_id, path, preferred, is_admin_only, readonly, created_at, updated_at
        FROM export_locations WHERE share_instance_id IN (SELECT value FROM json_each(@instanceIds)) ORDER BY position
        """;

    public SqliteConnectionFactory Connections => connections;

    public async Task<ShareRecord?> FindAsync(string id, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return await FindAsync(connection, null, id, cancellationToken);
    }

    public static async Task<ShareRecord?> FindAsync(DbConnection connection, DbTransaction? transaction, string id, CancellationToken cancellationToken = default)
    {
        var share = await FindRowAsync(connection, transaction, id, cancellationToken);
        if (share is null)
        {
            return null;
        }

        await LoadMetadataAsync(connection, [share], cancellationToken, transaction);
        await LoadExportLocationsAsync(connection, [share], cancellationToken, transaction);
        return share;
    }

    /// <summary>The share's own row (with its primary instance's columns) without metadata and export locations, for background work that needs neither.</summary>
    public static Task<ShareRecord?> FindRowAsync(DbConnection connection, DbTransaction? transaction, string id, CancellationToken cancellationToken = default) =>
        connection.QuerySingleOrDefaultAsync<ShareRecord>(new CommandDefinition(
            $"{SelectShares} WHERE s.id = @id", new { id }, transaction, cancellationToken: cancellationToken));

    /// <summary>Inserts a share, its first instance, its metadata and the operation that will build it, atomically.</summary>
    public static async Task InsertAsync(DbConnection connection, DbTransaction transaction, NewShare share, Operation operation, CancellationToken cancellationToken)
    {
        await connection.ExecuteAsync(new CommandDefinition(InsertShare, share, transaction, cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition(InsertInstance, share.Instance, transaction, cancellationToken: cancellationToken));
        if (share.Metadata.Count > 0)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO share_metadata (share_id, key, value) VALUES (@ShareId, @Key, @Value)",
                share.Metadata.Select(m => new { ShareId = share.Id, m.Key, m.Value }), transaction, cancellationToken: cancellationToken));
        }

        await OperationRepository.InsertAsync(connection, transaction, operation, cancellationToken);
    }

    public async Task<ShareInstanceRecord?> FindInstanceAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return await FindInstanceAsync(connection, null, instanceId, cancellationToken);
    }

    public static Task<ShareInstanceRecord?> FindInstanceAsync(DbConnection connection, DbTransaction? transaction, string instanceId, CancellationToken cancellationToken = default) =>
        connection.QuerySingleOrDefaultAsync<ShareInstanceRecord>(new CommandDefinition(
            "SELECT * FROM share_instances WHERE id = @instanceId", new { instanceId }, transaction, cancellationToken: cancellationToken));

    /// <summary>Places an instance that has no backend yet on the scheduler's pool; returns the instance as it now is.</summary>
    public static async Task<ShareInstanceRecord?> PlaceInstanceAsync(DbConnection connection, DbTransaction transaction, string instanceId,
        string backend, string pool, string? availabilityZone, CancellationToken cancellationToken = default)
    {
        await connection.ExecuteAsync(new CommandDefinition("""
            UPDATE share_instances SET backend = @backend, pool = @pool, availability_zone = @availabilityZone, updated_at = @now
            WHERE id = @instanceId AND backend IS NULL
            """, new { backend, pool, availabilityZone, instanceId, now = DateTime.UtcNow }, transaction, cancellationToken: cancellationToken));
        return await FindInstanceAsync(connection, transaction, instanceId, cancellationToken);
    }

    public async Task<IReadOnlyList<ShareInstanceRecord>> InstancesAsync(string shareId, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<ShareInstanceRecord>(new CommandDefinition(
            "SELECT * FROM share_instances WHERE share_id = @shareId ORDER BY created_at", new { shareId }, cancellationToken: cancellationToken))).ToList();
    }

    /// <summary>Compare-and-set on an instance's status: true only if it was in one of <paramref name="expected"/>.</summary>
    public static async Task<bool> TransitionAsync(DbConnection connection, DbTransaction transaction, string instanceId,
        IReadOnlyCollection<string> expected, string next, CancellationToken cancellationToken = default) =>
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE share_instances SET status = @next, updated_at = @now WHERE id = @instanceId AND status IN @expected",
            new { instanceId, expected, next, now = DateTime.UtcNow }, transaction, cancellationToken: cancellationToken)) == 1;

    /// <summary>Compare-and-set of a new instance from creating to available at 100%, in one statement.</summary>
    public static async Task<bool> MarkCreatedAsync(DbConnection connection, DbTransaction transaction, string instanceId, CancellationToken cancellationToken = default) =>
        await connection.ExecuteAsync(new CommandDefinition("""
            UPDATE share_instances SET status = 'available', progress = '100%', updated_at = @now
            WHERE id = @instanceId AND status = 'creating'
            """, new { instanceId, now = DateTime.UtcNow }, transaction, cancellationToken: cancellationToken)) == 1;

    /// <summary>Sets a share's size (extend, shrink); call in the transaction that moves its instance out of the transitional status.</summary>
    public static Task SetSizeAsync(DbConnection connection, DbTransaction transaction, string shareId, int size, CancellationToken cancellationToken = default) =>
        connection.ExecuteAsync(new CommandDefinition(
            "UPDATE shares SET size = @size, updated_at = @now WHERE id = @shareId",
            new { shareId, size, now = DateTime.UtcNow }, transaction, cancellationToken: cancellationToken));

    /// <summary>Writes the user-editable fields that are present in <paramref name="update"/>; false when the share is gone.</summary>
    public async Task<bool> UpdateAsync(string shareId, ShareUpdate update, CancellationToken cancellationToken = default)
    {
        var columns = new List<string> { "updated_at = @Now" };
        if (update.SetName)
        {
            columns.Add("name = @Name");
        }

        if (update.SetDescription)
        {
            columns.Add("description = @Description");
        }

        if (update.IsPublic is not null)
        {
            columns.Add("is_public = @IsPublic");
        }

        await using var connection = await connections.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            $"UPDATE shares SET {string.Join(", ", columns)} WHERE id = @ShareId",
            new { ShareId = shareId, update.Name, update.Description, update.IsPublic, Now = DateTime.UtcNow },
            cancellationToken: cancellationToken)) == 1;
    }

    /// <summary>Replaces an instance's export locations, keeping the ids of paths that did not change.</summary>
    public static async Task ReplaceExportLocationsAsync(DbConnection connection, DbTransaction transaction, string instanceId,
        IReadOnlyList<ExportPath> paths, CancellationToken cancellationToken = default)
    {
        var now = DateTime.UtcNow;
        var existing = (await connection.QueryAsync<(string Id, string Path)>(new CommandDefinition(
            "SELECT id, path FROM export_locations WHERE share_instance_id = @instanceId", new { instanceId }, transaction, cancellationToken: cancellationToken)))
            .ToDictionary(e => e.Path, e => e.Id, StringComparer.Ordinal);
        var keep = paths.Select(p => p.Path).ToHashSet(StringComparer.Ordinal);
        var gone = existing.Where(e => !keep.Contains(e.Key)).Select(e => e.Value).ToList();
        if (gone.Count > 0)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "DELETE FROM export_locations WHERE id IN @gone", new { gone }, transaction, cancellationToken: cancellationToken));
        }

        await WriteExportLocationsAsync(connection, transaction, instanceId, paths, existing, cancellationToken);
    }

    /// <summary>The first export locations of an instance that has none yet (a share just created).</summary>
    public static Task AddExportLocationsAsync(DbConnection connection, DbTransaction transaction, string instanceId,
        IReadOnlyList<ExportPath> paths, CancellationToken cancellationToken = default) =>
        WriteExportLocationsAsync(connection, transaction, instanceId, paths, [], cancellationToken);

    private static async Task WriteExportLocationsAsync(DbConnection connection, DbTransaction transaction, string instanceId,
        IReadOnlyList<ExportPath> paths, Dictionary<string, string> existing, CancellationToken cancellationToken)
    {
        var now = DateTime.UtcNow;
        var position = 0;
        foreach (var path in paths.DistinctBy(p => p.Path))
        {
            var row = new
            {
                Id = existing.GetValueOrDefault(path.Path) ?? Guid.NewGuid().ToString(),
                ShareInstanceId = instanceId,
                path.Path,
                path.Preferred,
                path.IsAdminOnly,
                path.ReadOnly,
                Position = position++,
                Now = now,
            };
            await connection.ExecuteAsync(new CommandDefinition("""
                INSERT INTO export_locations (id, share_instance_id, path, preferred, is_admin_only, readonly, position, created_at)
                VALUES (@Id, @ShareInstanceId, @Path, @Preferred, @IsAdminOnly, @ReadOnly, @Position, @Now)
                ON CONFLICT (id) DO UPDATE SET preferred = excluded.preferred, is_admin_only = excluded.is_admin_only,
                                               readonly = excluded.readonly, position = excluded.position, updated_at = @Now
                """, row, transaction, cancellationToken: cancellationToken));
        }
    }

    public async Task<IReadOnlyList<ExportLocationRecord>> ExportLocationsAsync(IReadOnlyList<string> instanceIds, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<ExportLocationRecord>(new CommandDefinition(
            SelectExportLocations, new { instanceIds = SqlList.Of(instanceIds) }, cancellationToken: cancellationToken))).ToList();
    }

    public static async Task LoadMetadataAsync(DbConnection connection, IReadOnlyList<ShareRecord> shares, CancellationToken cancellationToken, DbTransaction? transaction = null)
    {
        if (shares.Count == 0)
        {
            return;
        }

        var byId = shares.ToDictionary(s => s.Id);
        var rows = await connection.QueryAsync<(string ShareId, string Key, string Value)>(new CommandDefinition(
            "SELECT share_id, key, value FROM share_metadata WHERE share_id IN (SELECT value FROM json_each(@ids))", new { ids = SqlList.Of(byId.Keys) }, transaction, cancellationToken: cancellationToken));
        foreach (var (shareId, key, value) in rows)
        {
            byId[shareId].Metadata[key] = value;
        }
    }

    public static async Task LoadExportLocationsAsync(DbConnection connection, IReadOnlyList<ShareRecord> shares, CancellationToken cancellationToken, DbTransaction? transaction = null)
    {
        if (shares.Count == 0)
        {
            return;
        }

        var byInstance = shares.ToDictionary(s => s.InstanceId);
        var rows = await connection.QueryAsync<ExportLocationRecord>(new CommandDefinition(
            SelectExportLocations, new { instanceIds = SqlList.Of(byInstance.Keys) }, transaction, cancellationToken: cancellationToken));
        foreach (var row in rows)
        {
            byInstance[row.ShareInstanceId].ExportLocations.Add(row);
        }
    }
}

/// <summary>The fields <c>PUT /v2/shares/{id}</c> may change; a field is written only when its Set flag (or value) is present.</summary>
public sealed record ShareUpdate(bool SetName, string? Name, bool SetDescription, string? Description, bool? IsPublic);

/// <summary>A share about to be inserted, with its first instance.</summary>
public sealed record NewShare
{
    public string Id { get; init; } = Guid.NewGuid().ToString();

    public required string ProjectId { get; init; }

    public required string UserId { get; init; }

    public string? Name { get; init; }

    public string? Description { get; init; }

    public required int Size { get; init; }

    public required string ShareProto { get; init; }

    public string? ShareTypeId { get; init; }

    public bool IsPublic { get; init; }

    public string? SnapshotId { get; init; }

    public bool SnapshotSupport { get; init; }

    public bool CreateShareFromSnapshotSupport { get; init; }

    public bool RevertToSnapshotSupport { get; init; }

    public bool MountSnapshotSupport { get; init; }

    public string? ReplicationType { get; init; }

    public DateTime CreatedAt { get; init; } = DateTime.UtcNow;

    public Dictionary<string, string> Metadata { get; init; } = [];

    public required ShareInstanceRecord Instance { get; init; }
}
