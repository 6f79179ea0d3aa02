using System.Data.Common;
using Dapper;
using ShareHost.Abstractions;
using ShareHost.Features.Operations;
using ShareHost.Persistence;

namespace ShareHost.Features.Snapshots;

/// <summary>Snapshots, their instances, export locations and metadata. Status changes are compare-and-set.</summary>
public sealed class SnapshotRepository(SqliteConnectionFactory connections)
{
    public const string SelectSnapshots = """
        SELECT sn.id, sn.share_id, sn.project_id, sn.user_id, sn.name, sn.description, sn.size, sn.share_size,
               sn.share_proto, sn.scheduled, sn.created_at, sn.updated_at,
               si.id AS instance_id, si.status, si.progress, si.provider_location, si.share_instance_id,
               si.created_at AS instance_created_at, si.updated_at AS instance_updated_at,
               i.backend, i.pool, i.availability_zone
        FROM snapshots sn
        JOIN snapshot_instances si ON si.snapshot_id = sn.id
        JOIN share_instances i ON i.id = si.share_instance_id AND i.is_primary = 1
        """;

    private const string InsertSnapshot = """
        INSERT INTO snapshots (id, share_id, project_id, user_id, name, description, size, share_size, share_proto, scheduled, created_at)
        VALUES (@Id, @ShareId, @ProjectId, @UserId, @Name, @Description, @Size, @Size, @ShareProto, @Scheduled, @CreatedAt)
        """;

    private const string InsertInstance = """
        INSERT INTO snapshot_instances (id, snapshot_id, share_instance_id, status, progress, created_at)
        VALUES (@InstanceId, @Id, @ShareInstanceId, 'creating', '0%', @CreatedAt)
        """;

    private const string SelectExportLocations = """
        SELECT id, snapshot_instance_id, path, preferred, is_admin_only, created_at, updated_at
        FROM snapshot_export_locations WHERE snapshot_instance_id IN (SELECT value FROM json_each(@instanceIds)) ORDER BY position
        """;

    public SqliteConnectionFactory Connections => connections;

    public async Task<SnapshotRecord?> FindAsync(string id, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return await FindAsync(connection, null, id, cancellationToken);
    }

    public static async Task<SnapshotRecord?> FindAsync(DbConnection connection, DbTransaction? transaction, string id, CancellationToken cancellationToken = default)
    {
        var snapshot = await connection.QuerySingleOrDefaultAsync<SnapshotRecord>(new CommandDefinition(
            $"{SelectSnapshots} WHERE sn.id = @id", new { id }, transaction, cancellationToken: cancellationToken));
        if (snapshot is not null)
        {
            await LoadMetadataAsync(connection, [snapshot], cancellationToken, transaction);
        }

        return snapshot;
    }

    /// <summary>The snapshot whose instance is <paramref name="instanceId"/>.</summary>
    public async Task<SnapshotRecord?> FindByInstanceAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<SnapshotRecord>(new CommandDefinition(
            $"{SelectSnapshots} WHERE si.id = @instanceId", new { instanceId }, cancellationToken: cancellationToken));
    }

    /// <summary>Every snapshot of a share, oldest first.</summary>
    public static async Task<IReadOnlyList<SnapshotRecord>> ForShareAsync(DbConnection connection, DbTransaction? transaction, string shareId, CancellationToken cancellationToken = default) =>
        (await connection.QueryAsync<SnapshotRecord>(new CommandDefinition(
            $"{SelectSnapshots} WHERE sn.share_id = @shareId ORDER BY sn.created_at, sn.rowid", new { shareId }, transaction, cancellationToken: cancellationToken))).ToList();

    public async Task<IReadOnlyList<SnapshotRecord>> ForShareAsync(string shareId, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return await ForShareAsync(connection, null, shareId, cancellationToken);
    }

    /// <summary>How many snapshots a share has (whatever their status): a share with any cannot be deleted.</summary>
    public static Task<long> CountForShareAsync(DbConnection connection, DbTransaction? transaction, string shareId, CancellationToken cancellationToken = default) =>
        connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COUNT(*) FROM snapshots WHERE share_id = @shareId", new { shareId }, transaction, cancellationToken: cancellationToken));

    /// <summary>Inserts a snapshot, its instance (<c>creating</c>), its metadata and the operation that will take it, atomically.</summary>
    public static async Task InsertAsync(DbConnection connection, DbTransaction transaction, NewSnapshot snapshot, Operation operation, CancellationToken cancellationToken)
    {
        await connection.ExecuteAsync(new CommandDefinition(InsertSnapshot, snapshot, transaction, cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition(InsertInstance, snapshot, transaction, cancellationToken: cancellationToken));
        if (snapshot.Metadata.Count > 0)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO snapshot_metadata (snapshot_id, key, value) VALUES (@SnapshotId, @Key, @Value)",
                snapshot.Metadata.Select(m => new { SnapshotId = snapshot.Id, m.Key, m.Value }), transaction, cancellationToken: cancellationToken));
        }

        await OperationRepository.InsertAsync(connection, transaction, operation, cancellationToken);
    }

    /// <summary>Compare-and-set on a snapshot instance's status: true only if it was in one of <paramref name="expected"/>.</summary>
    public static async Task<bool> TransitionAsync(DbConnection connection, DbTransaction transaction, string instanceId,
        IReadOnlyCollection<string> expected, string next, CancellationToken cancellationToken = default) =>
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE snapshot_instances SET status = @next, updated_at = @now WHERE id = @instanceId AND status IN @expected",
            new { instanceId, expected, next, now = DateTime.UtcNow }, transaction, cancellationToken: cancellationToken)) == 1;

    /// <summary>An admin's reset_status: a plain write, no driver call.</summary>
    public async Task<bool> SetStatusAsync(string instanceId, string status, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE snapshot_instances SET status = @status, updated_at = @now WHERE id = @instanceId",
            new { instanceId, status, now = DateTime.UtcNow }, cancellationToken: cancellationToken)) == 1;
    }

    /// <summary>Marks a created snapshot available with what the driver returned; false when it was no longer creating.</summary>
    public static async Task<bool> MarkCreatedAsync(DbConnection connection, DbTransaction transaction, string instanceId, SnapshotResult result, CancellationToken cancellationToken)
    {
        var changed = await connection.ExecuteAsync(new CommandDefinition("""
            UPDATE snapshot_instances SET status = 'available', progress = '100%', provider_location = @ProviderLocation, updated_at = @Now
            WHERE id = @instanceId AND status = 'creating'
            """, new { instanceId, result.ProviderLocation, Now = DateTime.UtcNow }, transaction, cancellationToken: cancellationToken)) == 1;
        if (changed)
        {
            await ReplaceExportLocationsAsync(connection, transaction, instanceId, result.ExportLocations, cancellationToken);
        }

        return changed;
    }

    public static Task DeleteAsync(DbConnection connection, DbTransaction transaction, string snapshotId, CancellationToken cancellationToken = default) =>
        connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM snapshots WHERE id = @snapshotId", new { snapshotId }, transaction, cancellationToken: cancellationToken));

    /// <summary>Writes the user-editable fields that are present; false when the snapshot is gone.</summary>
    public async Task<bool> UpdateAsync(string snapshotId, bool setName, string? name, bool setDescription, string? description, CancellationToken cancellationToken = default)
    {
        var columns = new List<string> { "updated_at = @Now" };
        if (setName)
        {
            columns.Add("name = @name");
        }

        if (setDescription)
        {
            columns.Add("description = @description");
        }

        await using var connection = await connections.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            $"UPDATE snapshots SET {string.Join(", ", columns)} WHERE id = @snapshotId",
            new { snapshotId, name, description, Now = DateTime.UtcNow }, cancellationToken: cancellationToken)) == 1;
    }

    public async Task<IReadOnlyList<SnapshotExportLocationRecord>> ExportLocationsAsync(IReadOnlyList<string> instanceIds, CancellationToken cancellationToken = default)
    {
        if (instanceIds.Count == 0)
        {
            return [];
        }

        await using var connection = await connections.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<SnapshotExportLocationRecord>(new CommandDefinition(
            SelectExportLocations, new { instanceIds = SqlList.Of(instanceIds) }, cancellationToken: cancellationToken))).ToList();
    }

    /// <summary>Replaces an instance's export locations, keeping the ids of paths that did not change.</summary>
    public static async Task ReplaceExportLocationsAsync(DbConnection connection, DbTransaction transaction, string instanceId,
        IReadOnlyList<ExportPath> paths, CancellationToken cancellationToken = default)
    {
        var existing = (await connection.QueryAsync<(string Id, string Path)>(new CommandDefinition(
            "SELECT id, path FROM snapshot_export_locations WHERE snapshot_instance_id = @instanceId", new { instanceId }, transaction, cancellationToken: cancellationToken)))
            .ToDictionary(e => e.Path, e => e.Id, StringComparer.Ordinal);
        await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM snapshot_export_locations WHERE snapshot_instance_id = @instanceId", new { instanceId }, transaction, cancellationToken: cancellationToken));
        var now = DateTime.UtcNow;
        var position = 0;
        foreach (var path in paths.DistinctBy(p => p.Path))
        {
            await connection.ExecuteAsync(new CommandDefinition("""
                INSERT INTO snapshot_export_locations (id, snapshot_instance_id, path, preferred, is_admin_only, position, created_at)
                VALUES (@Id, @InstanceId, @Path, @Preferred, @IsAdminOnly, @Position, @Now)
                """, new
            {
                Id = existing.GetValueOrDefault(path.Path) ?? Guid.NewGuid().ToString(),
                InstanceId = instanceId,
                path.Path,
                path.Preferred,
                path.IsAdminOnly,
                Position = position++,
                Now = now,
            }, transaction, cancellationToken: cancellationToken));
        }
    }

    public static async Task LoadMetadataAsync(DbConnection connection, IReadOnlyList<SnapshotRecord> snapshots, CancellationToken cancellationToken, DbTransaction? transaction = null)
    {
        if (snapshots.Count == 0)
        {
            return;
        }

        var byId = snapshots.ToDictionary(s => s.Id);
        var rows = await connection.QueryAsync<(string SnapshotId, string Key, string Value)>(new CommandDefinition(
            "SELECT snapshot_id, key, value FROM snapshot_metadata WHERE snapshot_id IN (SELECT value FROM json_each(@ids))", new { ids = SqlList.Of(byId.Keys) }, transaction, cancellationToken: cancellationToken));
        foreach (var (snapshotId, key, value) in rows)
        {
            byId[snapshotId].Metadata[key] = value;
        }
    }
}
