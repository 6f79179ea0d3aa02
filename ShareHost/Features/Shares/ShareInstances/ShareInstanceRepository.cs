using Dapper;
using ShareHost.Features.ExportLocations;
using ShareHost.Persistence;

namespace ShareHost.Features.Shares.ShareInstances;

/// <summary>Share instances as the admin API lists them, with the owning share's type and protocol.</summary>
public sealed class ShareInstanceRepository(SqliteConnectionFactory connections)
{
    private const string SelectInstances = """
        SELECT i.id, i.share_id, i.is_primary, i.status, i.backend, i.pool, i.availability_zone, i.replica_state,
               i.access_rules_status, i.progress, i.created_at, i.updated_at,
               s.share_type_id, s.share_proto, s.project_id, s.replication_type
        FROM share_instances i JOIN shares s ON s.id = i.share_id
        """;

    /// <summary>All instances, optionally only those exporting a given location id or path (2.35 filters; the path as shown, with its address, or as stored).</summary>
    public async Task<IReadOnlyList<ShareInstanceRow>> ListAsync(string? exportLocationId, string? exportLocationPath, CancellationToken cancellationToken)
    {
        var where = new List<string> { "1 = 1" };
        if (exportLocationId is not null)
        {
            where.Add("EXISTS (SELECT 1 FROM export_locations e WHERE e.share_instance_id = i.id AND e.id = @exportLocationId)");
        }

        if (exportLocationPath is not null)
        {
            where.Add("EXISTS (SELECT 1 FROM export_locations e WHERE e.share_instance_id = i.id AND e.path IN @paths)");
        }

        await using var connection = await connections.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<ShareInstanceRow>(new CommandDefinition(
            $"{SelectInstances} WHERE {string.Join(" AND ", where)} ORDER BY i.created_at, i.id",
            new { exportLocationId, paths = exportLocationPath is null ? [] : ExportRenderer.StoredPathCandidates(exportLocationPath) }, cancellationToken: cancellationToken))).ToList();
    }

    public async Task<IReadOnlyList<ShareInstanceRow>> ForShareAsync(string shareId, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<ShareInstanceRow>(new CommandDefinition(
            $"{SelectInstances} WHERE i.share_id = @shareId ORDER BY i.created_at, i.id", new { shareId }, cancellationToken: cancellationToken))).ToList();
    }

    public async Task<ShareInstanceRow?> FindAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<ShareInstanceRow>(new CommandDefinition(
            $"{SelectInstances} WHERE i.id = @id", new { id }, cancellationToken: cancellationToken));
    }

    /// <summary>Admin reset_status: a plain write, as Manila's; false when the instance is gone.</summary>
    public async Task<bool> SetStatusAsync(string id, string status, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE share_instances SET status = @status, updated_at = @now WHERE id = @id",
            new { id, status, now = DateTime.UtcNow }, cancellationToken: cancellationToken)) == 1;
    }
}
