using Dapper;
using ShareHost.Persistence;

namespace ShareHost.Features.AccessRules.AccessMetadata;

/// <summary>Writes of access rule metadata (reads come with the rule from <see cref="AccessRuleRepository"/>).</summary>
public sealed class AccessMetadataRepository(SqliteConnectionFactory connections)
{
    private const string UpsertMetadata = """
        INSERT INTO share_access_rule_metadata (access_id, key, value) VALUES (@AccessId, @Key, @Value)
        ON CONFLICT (access_id, key) DO UPDATE SET value = excluded.value
        """;

    /// <summary>Merges <paramref name="metadata"/> into the rule's; false when the rule is gone.</summary>
    public async Task<bool> SetMetadataAsync(string accessId, IReadOnlyDictionary<string, string> metadata, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var transaction = await SqliteConnectionFactory.BeginWriteAsync(connection, cancellationToken);
        var touched = await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE share_access_rules SET updated_at = @now WHERE id = @accessId",
            new { accessId, now = DateTime.UtcNow }, transaction, cancellationToken: cancellationToken));
        if (touched == 0)
        {
            return false;
        }

        await connection.ExecuteAsync(new CommandDefinition(UpsertMetadata,
            metadata.Select(m => new { AccessId = accessId, m.Key, m.Value }), transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    /// <summary>Removes one metadata key; false when the rule has no such key.</summary>
    public async Task<bool> DeleteMetadataAsync(string accessId, string key, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var transaction = await SqliteConnectionFactory.BeginWriteAsync(connection, cancellationToken);
        var deleted = await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM share_access_rule_metadata WHERE access_id = @accessId AND key = @key",
            new { accessId, key }, transaction, cancellationToken: cancellationToken));
        if (deleted > 0)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE share_access_rules SET updated_at = @now WHERE id = @accessId",
                new { accessId, now = DateTime.UtcNow }, transaction, cancellationToken: cancellationToken));
        }

        await transaction.CommitAsync(cancellationToken);
        return deleted > 0;
    }
}
