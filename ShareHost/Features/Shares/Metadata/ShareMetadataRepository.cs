using Dapper;
using ShareHost.Api.Errors;
using ShareHost.Persistence;

namespace ShareHost.Features.Shares.Metadata;

/// <summary>A share's metadata items. Writes run in one transaction that first checks the share still exists.</summary>
public sealed class ShareMetadataRepository(SqliteConnectionFactory connections)
{
    private const string SelectAll = "SELECT key, value FROM share_metadata WHERE share_id = @shareId ORDER BY key";

    private const string Upsert = """
        INSERT INTO share_metadata (share_id, key, value) VALUES (@ShareId, @Key, @Value)
        ON CONFLICT (share_id, key) DO UPDATE SET value = excluded.value
        """;

    public async Task<Dictionary<string, string>> ListAsync(string shareId, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return await ReadAsync(connection, null, shareId, cancellationToken);
    }

    public async Task<string?> FindAsync(string shareId, string key, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<string>(new CommandDefinition(
            "SELECT value FROM share_metadata WHERE share_id = @shareId AND key = @key", new { shareId, key }, cancellationToken: cancellationToken));
    }

    /// <summary>
    /// Merges <paramref name="items"/> into the share's metadata, or (with <paramref name="replace"/>) makes them the whole
    /// set except the keys <paramref name="keep"/> protects. Returns the metadata as stored afterwards.
    /// </summary>
    public async Task<Dictionary<string, string>> WriteAsync(string shareId, IReadOnlyDictionary<string, string> items, bool replace,
        Func<string, bool> keep, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var transaction = await SqliteConnectionFactory.BeginWriteAsync(connection, cancellationToken);
        await EnsureShareAsync(connection, transaction, shareId, cancellationToken);
        if (replace)
        {
            var current = await ReadAsync(connection, transaction, shareId, cancellationToken);
            var gone = current.Keys.Where(k => !items.ContainsKey(k) && !keep(k)).ToList();
            if (gone.Count > 0)
            {
                await connection.ExecuteAsync(new CommandDefinition(
                    "DELETE FROM share_metadata WHERE share_id = @shareId AND key IN @gone", new { shareId, gone }, transaction, cancellationToken: cancellationToken));
            }
        }

        await connection.ExecuteAsync(new CommandDefinition(
            Upsert, items.Select(i => new { ShareId = shareId, i.Key, i.Value }), transaction, cancellationToken: cancellationToken));
        var result = await ReadAsync(connection, transaction, shareId, cancellationToken);
        if (result.Count > MetadataValidator.MaxItems)
        {
            throw new BadRequestException(
                $"Invalid input for field 'metadata': a share may have at most {MetadataValidator.MaxItems} items (this request would make {result.Count}).");
        }

        await transaction.CommitAsync(cancellationToken);
        return result;
    }

    public async Task<bool> DeleteAsync(string shareId, string key, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM share_metadata WHERE share_id = @shareId AND key = @key", new { shareId, key }, cancellationToken: cancellationToken)) == 1;
    }

    private static async Task EnsureShareAsync(System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction transaction, string shareId, CancellationToken cancellationToken)
    {
        var exists = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COUNT(*) FROM shares WHERE id = @shareId", new { shareId }, transaction, cancellationToken: cancellationToken));
        if (exists == 0)
        {
            throw new NotFoundException($"Share {shareId} could not be found.");
        }
    }

    private static async Task<Dictionary<string, string>> ReadAsync(System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction? transaction,
        string shareId, CancellationToken cancellationToken)
    {
        var rows = await connection.QueryAsync<(string Key, string Value)>(new CommandDefinition(
            SelectAll, new { shareId }, transaction, cancellationToken: cancellationToken));
        return rows.ToDictionary(r => r.Key, r => r.Value, StringComparer.Ordinal);
    }
}
