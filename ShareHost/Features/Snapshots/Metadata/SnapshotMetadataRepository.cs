using System.Data.Common;
using Dapper;
using ShareHost.Api.Errors;
using ShareHost.Features.Shares;
using ShareHost.Persistence;

namespace ShareHost.Features.Snapshots.Metadata;

/// <summary>A snapshot's metadata items (2.73). Writes run in one transaction that first checks the snapshot still exists.</summary>
public sealed class SnapshotMetadataRepository(SqliteConnectionFactory connections)
{
    private const string SelectAll = "SELECT key, value FROM snapshot_metadata WHERE snapshot_id = @snapshotId ORDER BY key";

    private const string Upsert = """
        INSERT INTO snapshot_metadata (snapshot_id, key, value) VALUES (@SnapshotId, @Key, @Value)
        ON CONFLICT (snapshot_id, key) DO UPDATE SET value = excluded.value
        """;

    public async Task<Dictionary<string, string>> ListAsync(string snapshotId, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return await ReadAsync(connection, null, snapshotId, cancellationToken);
    }

    /// <summary>Merges <paramref name="items"/>, or (with <paramref name="replace"/>) makes them the whole set; returns the stored set.</summary>
    public async Task<Dictionary<string, string>> WriteAsync(string snapshotId, IReadOnlyDictionary<string, string> items, bool replace, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var transaction = await SqliteConnectionFactory.BeginWriteAsync(connection, cancellationToken);
        var exists = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COUNT(*) FROM snapshots WHERE id = @snapshotId", new { snapshotId }, transaction, cancellationToken: cancellationToken));
        if (exists == 0)
        {
            throw SnapshotLookup.NotFound(snapshotId);
        }

        if (replace)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "DELETE FROM snapshot_metadata WHERE snapshot_id = @snapshotId", new { snapshotId }, transaction, cancellationToken: cancellationToken));
        }

        await connection.ExecuteAsync(new CommandDefinition(
            Upsert, items.Select(i => new { SnapshotId = snapshotId, i.Key, i.Value }), transaction, cancellationToken: cancellationToken));
        var result = await ReadAsync(connection, transaction, snapshotId, cancellationToken);
        if (result.Count > MetadataValidator.MaxItems)
        {
            throw new BadRequestException(
                $"Invalid input for field 'metadata': a snapshot may have at most {MetadataValidator.MaxItems} items (this request would make {result.Count}).");
        }

        await transaction.CommitAsync(cancellationToken);
        return result;
    }

    public async Task<bool> DeleteAsync(string snapshotId, string key, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM snapshot_metadata WHERE snapshot_id = @snapshotId AND key = @key", new { snapshotId, key }, cancellationToken: cancellationToken)) == 1;
    }

    private static async Task<Dictionary<string, string>> ReadAsync(DbConnection connection, DbTransaction? transaction, string snapshotId, CancellationToken cancellationToken)
    {
        var rows = await connection.QueryAsync<(string Key, string Value)>(new CommandDefinition(
            SelectAll, new { snapshotId }, transaction, cancellationToken: cancellationToken));
        return rows.ToDictionary(r => r.Key, r => r.Value, StringComparer.Ordinal);
    }
}
