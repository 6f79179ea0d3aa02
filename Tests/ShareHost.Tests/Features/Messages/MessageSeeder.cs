using Dapper;
using Microsoft.Extensions.DependencyInjection;
using ShareHost.Persistence;
using ShareHost.Tests.Infrastructure;

namespace ShareHost.Tests.Features.Messages;

/// <summary>Writes user messages straight into the host's database, with chosen times, for listing tests.</summary>
public static class MessageSeeder
{
    public static async Task<string> AddAsync(TestHost host, string projectId, DateTime? createdAt = null, DateTime? expiresAt = null,
        string resourceId = "11111111-1111-1111-1111-111111111111", string actionId = "002", string detailId = "002",
        string requestId = "req-seeded", string resourceType = "SHARE")
    {
        var id = Guid.NewGuid().ToString();
        var created = createdAt ?? DateTime.UtcNow;
        await using var connection = await host.Services.GetRequiredService<SqliteConnectionFactory>().OpenAsync();
        await connection.ExecuteAsync("""
            INSERT INTO messages (id, project_id, request_id, resource_type, resource_id, action_id, detail_id,
                                  message_level, user_message, created_at, expires_at)
            VALUES (@id, @projectId, @requestId, @resourceType, @resourceId, @actionId, @detailId,
                    'ERROR', 'create: seeded', @created, @expires)
            """,
            new { id, projectId, requestId, resourceType, resourceId, actionId, detailId, created, expires = expiresAt ?? created.AddDays(30) });
        return id;
    }

    /// <summary>Deletes every message, so a test sharing its fixture's host starts from an empty list.</summary>
    public static async Task ClearAsync(TestHost host)
    {
        await using var connection = await host.Services.GetRequiredService<SqliteConnectionFactory>().OpenAsync();
        await connection.ExecuteAsync("DELETE FROM messages");
    }

    public static async Task<long> CountAsync(TestHost host)
    {
        await using var connection = await host.Services.GetRequiredService<SqliteConnectionFactory>().OpenAsync();
        return await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM messages");
    }
}
