using Dapper;
using Microsoft.Extensions.DependencyInjection;
using ShareHost.Persistence;

namespace ShareHost.Tests.Infrastructure;

/// <summary>Rows the tests need that no endpoint of this slice writes (share types with extra specs, odd statuses).</summary>
public static class TestData
{
    /// <summary>Inserts a public share type with the given extra specs and returns its id.</summary>
    public static async Task<string> CreateShareTypeAsync(TestHost host, string name, IReadOnlyDictionary<string, string> extraSpecs)
    {
        var id = Guid.NewGuid().ToString();
        await using var connection = await host.Services.GetRequiredService<SqliteConnectionFactory>().OpenAsync();
        await connection.ExecuteAsync(
            "INSERT INTO share_types (id, name, is_public, created_at) VALUES (@id, @name, 1, @now)",
            new { id, name, now = DateTime.UtcNow });
        foreach (var (key, value) in extraSpecs.Append(new("driver_handles_share_servers", "False")).DistinctBy(s => s.Key))
        {
            await connection.ExecuteAsync(
                "INSERT INTO share_type_extra_specs (share_type_id, key, value) VALUES (@id, @key, @value)",
                new { id, key, value });
        }

        return id;
    }

    /// <summary>Sets a column of a share's primary instance directly, for states no API reaches yet.</summary>
    public static async Task SetInstanceColumnAsync(TestHost host, string shareId, string column, string value)
    {
        await using var connection = await host.Services.GetRequiredService<SqliteConnectionFactory>().OpenAsync();
        await connection.ExecuteAsync($"UPDATE share_instances SET {column} = @value WHERE share_id = @shareId", new { value, shareId });
    }
}
