using Dapper;
using ShareHost.Persistence;

namespace ShareHost.Features.Snapshots.Instances;

/// <summary>Snapshot instance rows for the admin API.</summary>
public sealed class SnapshotInstanceRepository(SqliteConnectionFactory connections)
{
    private const string Select = """
        SELECT si.id, si.snapshot_id, sn.share_id, si.share_instance_id, si.status, si.progress, si.provider_location,
               si.created_at, si.updated_at
        FROM snapshot_instances si JOIN snapshots sn ON sn.id = si.snapshot_id
        """;

    public async Task<IReadOnlyList<SnapshotInstanceRow>> ListAsync(string? snapshotId, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var where = snapshotId is null ? "" : " WHERE si.snapshot_id = @snapshotId";
        return (await connection.QueryAsync<SnapshotInstanceRow>(new CommandDefinition(
            $"{Select}{where} ORDER BY si.created_at DESC, si.id", new { snapshotId }, cancellationToken: cancellationToken))).ToList();
    }

    public async Task<SnapshotInstanceRow?> FindAsync(string id, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<SnapshotInstanceRow>(new CommandDefinition(
            $"{Select} WHERE si.id = @id", new { id }, cancellationToken: cancellationToken));
    }
}

public sealed class SnapshotInstanceRow
{
    public string Id { get; init; } = "";

    public string SnapshotId { get; init; } = "";

    public string ShareId { get; init; } = "";

    public string ShareInstanceId { get; init; } = "";

    public string Status { get; init; } = "";

    public string? Progress { get; init; }

    public string? ProviderLocation { get; init; }

    public DateTime CreatedAt { get; init; }

    public DateTime? UpdatedAt { get; init; }
}
