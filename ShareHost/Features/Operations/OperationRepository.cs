using System.Data.Common;
using Dapper;
using ShareHost.Persistence;

namespace ShareHost.Features.Operations;

public sealed class OperationRepository(SqliteConnectionFactory connections)
{
    private const string InsertSql = """
        INSERT INTO operations (id, kind, share_id, resource_id, payload, request_id, project_id, created_at)
        VALUES (@Id, @Kind, @ShareId, @ResourceId, @Payload, @RequestId, @ProjectId, @CreatedAt)
        """;

    private const string SelectAllSql = """
        SELECT id, kind, share_id, resource_id, payload, request_id, project_id, created_at
        FROM operations ORDER BY created_at, rowid
        """;

    public static Task InsertAsync(DbConnection connection, DbTransaction transaction, Operation operation, CancellationToken cancellationToken = default) =>
        connection.ExecuteAsync(new CommandDefinition(InsertSql, operation, transaction, cancellationToken: cancellationToken));

    /// <summary>Ends an operation; call inside the transaction that writes its final status.</summary>
    public static Task DeleteAsync(DbConnection connection, DbTransaction transaction, string operationId, CancellationToken cancellationToken = default) =>
        connection.ExecuteAsync(new CommandDefinition("DELETE FROM operations WHERE id = @operationId", new { operationId }, transaction, cancellationToken: cancellationToken));

    public async Task<IReadOnlyList<Operation>> PendingAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<Operation>(new CommandDefinition(SelectAllSql, cancellationToken: cancellationToken))).ToList();
    }

    public async Task<bool> ExistsAsync(string operationId, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COUNT(*) FROM operations WHERE id = @operationId", new { operationId }, cancellationToken: cancellationToken)) > 0;
    }
}
