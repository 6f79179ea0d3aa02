using System.Data.Common;
using Dapper;
using ShareHost.Features.Operations;
using ShareHost.Features.Shares;
using ShareHost.Features.Shares.ShareInstances;
using ShareHost.Persistence;

namespace ShareHost.Features.Replicas;

/// <summary>
/// Share replicas: the instances of a replicated share (those with a replica_state). The primary instance is the
/// active replica. Status and state changes are compare-and-set.
/// </summary>
public sealed class ReplicaRepository(SqliteConnectionFactory connections)
{
    private const string SelectReplicas = """
        SELECT i.id, i.share_id, i.is_primary, i.status, i.backend, i.pool, i.availability_zone, i.replica_state,
               i.access_rules_status, i.progress, i.created_at, i.updated_at,
               s.share_type_id, s.share_proto, s.project_id, s.replication_type
        FROM share_instances i JOIN shares s ON s.id = i.share_id
        WHERE i.replica_state IS NOT NULL
        """;

    private const string InsertReplica = """
        INSERT INTO share_instances (id, share_id, is_primary, status, replica_state, access_rules_status, progress, created_at)
        VALUES (@Id, @ShareId, 0, 'creating', 'out_of_sync', 'active', '0%', @Now)
        """;

    private const string SetReplicaState = """
        UPDATE share_instances SET replica_state = @state, updated_at = @now WHERE id = @id AND replica_state IS NOT NULL
        """;

    private const string ClearPrimary = "UPDATE share_instances SET is_primary = 0, updated_at = @now WHERE share_id = @shareId AND is_primary = 1";

    private const string SetPrimary = """
        UPDATE share_instances SET is_primary = 1, replica_state = 'active', updated_at = @now WHERE id = @id
        """;

    public async Task<IReadOnlyList<ShareInstanceRow>> ListAsync(string? projectId, string? shareId, int limit, int offset, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<ShareInstanceRow>(new CommandDefinition(
            $"""
            {SelectReplicas}
              AND (@projectId IS NULL OR s.project_id = @projectId) AND (@shareId IS NULL OR i.share_id = @shareId)
            ORDER BY i.created_at, i.id LIMIT @limit OFFSET @offset
            """,
            new { projectId, shareId, limit, offset }, cancellationToken: cancellationToken))).ToList();
    }

    public async Task<ShareInstanceRow?> FindAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return await FindAsync(connection, null, id, cancellationToken);
    }

    public static Task<ShareInstanceRow?> FindAsync(DbConnection connection, DbTransaction? transaction, string id, CancellationToken cancellationToken) =>
        connection.QuerySingleOrDefaultAsync<ShareInstanceRow>(new CommandDefinition(
            $"{SelectReplicas} AND i.id = @id", new { id }, transaction, cancellationToken: cancellationToken));

    /// <summary>Every replica of a share, the active (primary) one first.</summary>
    public async Task<IReadOnlyList<ShareInstanceRow>> ForShareAsync(string shareId, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return await ForShareAsync(connection, null, shareId, cancellationToken);
    }

    public static async Task<IReadOnlyList<ShareInstanceRow>> ForShareAsync(DbConnection connection, DbTransaction? transaction, string shareId, CancellationToken cancellationToken) =>
        (await connection.QueryAsync<ShareInstanceRow>(new CommandDefinition(
            $"{SelectReplicas} AND i.share_id = @shareId ORDER BY i.is_primary DESC, i.created_at, i.id",
            new { shareId }, transaction, cancellationToken: cancellationToken))).ToList();

    /// <summary>The ids of the shares whose replicas the polling job checks: replicated shares with more than one replica.</summary>
    public async Task<IReadOnlyList<string>> ReplicatedSharesAsync(CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<string>(new CommandDefinition("""
            SELECT share_id FROM share_instances WHERE replica_state IS NOT NULL
            GROUP BY share_id HAVING COUNT(*) > 1
            """, cancellationToken: cancellationToken))).ToList();
    }

    /// <summary>Inserts a new replica (<c>creating</c>, <c>out_of_sync</c>) and the operation that builds it.</summary>
    public static async Task InsertAsync(DbConnection connection, DbTransaction transaction, string id, string shareId, Operation operation, CancellationToken cancellationToken)
    {
        await connection.ExecuteAsync(new CommandDefinition(InsertReplica, new { Id = id, ShareId = shareId, Now = DateTime.UtcNow }, transaction, cancellationToken: cancellationToken));
        await OperationRepository.InsertAsync(connection, transaction, operation, cancellationToken);
    }

    public static async Task<bool> SetStateAsync(DbConnection connection, DbTransaction? transaction, string id, string state, CancellationToken cancellationToken) =>
        await connection.ExecuteAsync(new CommandDefinition(
            SetReplicaState, new { id, state, now = DateTime.UtcNow }, transaction, cancellationToken: cancellationToken)) == 1;

    /// <summary>Sets status and replica_state together if the replica is still in <paramref name="expected"/>.</summary>
    public static async Task<bool> SettleAsync(DbConnection connection, DbTransaction transaction, string id, IReadOnlyCollection<string> expected,
        string status, string state, CancellationToken cancellationToken) =>
        await connection.ExecuteAsync(new CommandDefinition("""
            UPDATE share_instances SET status = @status, replica_state = @state, updated_at = @now
            WHERE id = @id AND status IN @expected
            """, new { id, expected, status, state, now = DateTime.UtcNow }, transaction, cancellationToken: cancellationToken)) == 1;

    /// <summary>Makes <paramref name="id"/> the share's primary instance (the active replica the share shows and mounts bind to).</summary>
    public static async Task MakePrimaryAsync(DbConnection connection, DbTransaction transaction, string shareId, string id, CancellationToken cancellationToken)
    {
        var now = DateTime.UtcNow;
        await connection.ExecuteAsync(new CommandDefinition(ClearPrimary, new { shareId, now }, transaction, cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition(SetPrimary, new { id, now }, transaction, cancellationToken: cancellationToken));
    }

    public static Task SetPlacementAsync(DbConnection connection, DbTransaction transaction, string id, string backend, string pool, string zone, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition("""
            UPDATE share_instances SET backend = @backend, pool = @pool, availability_zone = @zone, updated_at = @now
            WHERE id = @id AND backend IS NULL
            """, new { id, backend, pool, zone, now = DateTime.UtcNow }, transaction, cancellationToken: cancellationToken));

    public static Task SetProgressAsync(DbConnection connection, DbTransaction transaction, string id, string progress, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition(
            "UPDATE share_instances SET progress = @progress WHERE id = @id", new { id, progress }, transaction, cancellationToken: cancellationToken));

    public static Task DeleteAsync(DbConnection connection, DbTransaction transaction, string id, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM share_instances WHERE id = @id AND is_primary = 0", new { id }, transaction, cancellationToken: cancellationToken));

    /// <summary>Admin reset_status / reset_replica_state: plain writes, as Manila's; false when the replica is gone.</summary>
    public async Task<bool> ResetAsync(string id, string? status, string? state, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition("""
            UPDATE share_instances SET status = COALESCE(@status, status), replica_state = COALESCE(@state, replica_state), updated_at = @now
            WHERE id = @id AND replica_state IS NOT NULL
            """, new { id, status, state, now = DateTime.UtcNow }, cancellationToken: cancellationToken)) == 1;
    }

    /// <summary>The statuses a replica passes through that another change must not interrupt.</summary>
    public static readonly IReadOnlySet<string> Busy = new HashSet<string>(StringComparer.Ordinal)
    {
        ShareStatus.Creating, ShareStatus.Deleting, ShareStatus.ReplicationChange, ShareStatus.Extending, ShareStatus.Shrinking,
        ShareStatus.Reverting,
    };
}
