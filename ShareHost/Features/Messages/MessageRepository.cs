using System.Data.Common;
using Dapper;
using Microsoft.Extensions.Options;
using ShareHost.Persistence;

namespace ShareHost.Features.Messages;

public sealed class MessageRepository(SqliteConnectionFactory connections, IOptionsMonitor<ShareHostOptions> options)
{
    private const string InsertSql = """
        INSERT INTO messages (id, project_id, request_id, resource_type, resource_id, action_id, detail_id,
                              message_level, user_message, created_at, expires_at)
        VALUES (@Id, @ProjectId, @RequestId, @ResourceType, @ResourceId, @ActionId, @DetailId,
                @MessageLevel, @UserMessage, @CreatedAt, @ExpiresAt)
        """;

    private const string Columns = """
        id, project_id, request_id, resource_type, resource_id, action_id, detail_id, message_level, user_message, created_at, expires_at
        """;

    /// <summary>A user message about a resource, written in the caller's transaction.</summary>
    public Task RecordAsync(DbConnection connection, DbTransaction transaction, string projectId, string? requestId,
        string resourceType, string resourceId, string actionId, string detailId, string? specifics, CancellationToken cancellationToken = default)
    {
        var now = DateTime.UtcNow;
        var message = new Message
        {
            ProjectId = projectId,
            RequestId = requestId,
            ResourceType = resourceType,
            ResourceId = resourceId,
            ActionId = actionId,
            DetailId = detailId,
            UserMessage = MessageCatalog.Render(actionId, detailId, specifics),
            CreatedAt = now,
            ExpiresAt = now.AddSeconds(options.CurrentValue.MessageTtlSeconds),
        };
        return connection.ExecuteAsync(new CommandDefinition(InsertSql, message, transaction, cancellationToken: cancellationToken));
    }

    public async Task<Message?> FindAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<Message>(new CommandDefinition(
            $"SELECT {Columns} FROM messages WHERE id = @id", new { id }, cancellationToken: cancellationToken));
    }

    public async Task<IReadOnlyList<Message>> ListAsync(MessageQuery query, CancellationToken cancellationToken)
    {
        var where = new List<string> { "expires_at > @Now" };
        if (query.ProjectId is not null)
        {
            where.Add("project_id = @ProjectId");
        }

        foreach (var (column, _) in query.Filters)
        {
            where.Add($"{column} = @{column}");
        }

        if (query.CreatedSince is not null)
        {
            where.Add("created_at >= @CreatedSince");
        }

        if (query.CreatedBefore is not null)
        {
            where.Add("created_at <= @CreatedBefore");
        }

        var parameters = new DynamicParameters(new { query.ProjectId, query.CreatedSince, query.CreatedBefore, Now = DateTime.UtcNow, query.Limit, query.Offset });
        foreach (var (column, value) in query.Filters)
        {
            parameters.Add(column, value);
        }

        var sql = $"""
            SELECT {Columns} FROM messages WHERE {string.Join(" AND ", where)}
            ORDER BY {query.SortColumn} {(query.Descending ? "DESC" : "ASC")}, id
            LIMIT @Limit OFFSET @Offset
            """;
        await using var connection = await connections.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<Message>(new CommandDefinition(sql, parameters, cancellationToken: cancellationToken))).ToList();
    }

    public async Task<bool> DeleteAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition("DELETE FROM messages WHERE id = @id", new { id }, cancellationToken: cancellationToken)) > 0;
    }

    /// <summary>Removes messages past their expiry (Manila's message reaper).</summary>
    public async Task<int> DeleteExpiredAsync(CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM messages WHERE expires_at <= @now", new { now = DateTime.UtcNow }, cancellationToken: cancellationToken));
    }
}

/// <summary>A validated message listing: filter columns are fixed names, never user text.</summary>
public sealed record MessageQuery(
    string? ProjectId,
    IReadOnlyList<(string Column, string Value)> Filters,
    DateTime? CreatedSince,
    DateTime? CreatedBefore,
    string SortColumn,
    bool Descending,
    int Limit,
    int Offset);
