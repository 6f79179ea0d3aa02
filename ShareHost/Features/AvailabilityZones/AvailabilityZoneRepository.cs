using Dapper;
using ShareHost.Persistence;

namespace ShareHost.Features.AvailabilityZones;

public sealed class AvailabilityZone
{
    public string Id { get; init; } = "";

    public string Name { get; init; } = "";

    public DateTime CreatedAt { get; init; }
}

/// <summary>Zones are rows with stable ids, created when a backend that serves them is configured.</summary>
public sealed class AvailabilityZoneRepository(SqliteConnectionFactory connections)
{
    public async Task EnsureAsync(IEnumerable<string> names, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        foreach (var name in names.Distinct())
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO availability_zones (id, name, created_at) VALUES (@id, @name, @now) ON CONFLICT (name) DO NOTHING",
                new { id = Guid.NewGuid().ToString(), name, now = DateTime.UtcNow }, cancellationToken: cancellationToken));
        }
    }

    public async Task<AvailabilityZone?> FindAsync(string nameOrId, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<AvailabilityZone>(new CommandDefinition(
            "SELECT id, name, created_at FROM availability_zones WHERE id = @nameOrId OR name = @nameOrId LIMIT 1",
            new { nameOrId }, cancellationToken: cancellationToken));
    }

    public async Task<IReadOnlyList<AvailabilityZone>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<AvailabilityZone>(new CommandDefinition(
            "SELECT id, name, created_at FROM availability_zones ORDER BY name", cancellationToken: cancellationToken))).ToList();
    }
}
