using Dapper;
using ShareHost.Persistence;

namespace ShareHost.Features.Services;

/// <summary>The admin's enable/disable switch per backend (table <c>services</c>), read back at start-up.</summary>
public sealed class ServiceRepository(SqliteConnectionFactory connections)
{
    private const string UpsertSql = """
        INSERT INTO services (backend, disabled, disabled_reason, updated_at)
        VALUES (@backend, @disabled, @reason, @now)
        ON CONFLICT (backend) DO UPDATE SET disabled = excluded.disabled,
                                            disabled_reason = excluded.disabled_reason,
                                            updated_at = excluded.updated_at
        """;

    public async Task SetDisabledAsync(string backend, bool disabled, string? reason, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            UpsertSql, new { backend, disabled, reason = disabled ? reason : null, now = DateTime.UtcNow }, cancellationToken: cancellationToken));
    }
}
