using System.Text.Json.Nodes;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using ShareHost.Features.Backends;
using ShareHost.Features.Messages;
using ShareHost.Persistence;
using ShareHost.Tests.Infrastructure;

namespace ShareHost.Tests.Features.Shares;

/// <summary>Steps the share action, metadata and instance tests share.</summary>
public static class ShareTestSupport
{
    public static async Task<string> AvailableShareAsync(this ApiClient client, int size = 1, string? zone = null)
    {
        var id = await client.CreateShareAsync(size: size, zone: zone);
        await client.WaitForShareAsync(id, "available");
        return id;
    }

    public static Task<ApiClient.Response> ActionAsync(this ApiClient client, string shareId, object body) =>
        client.PostAsync($"/v2/shares/{shareId}/action", body);

    public static async Task<JsonNode> ShowAsync(this ApiClient client, string shareId) =>
        (await client.GetAsync($"/v2/shares/{shareId}")).Json["share"]!;

    /// <summary>The share's user messages, read from the store (the messages API is another feature's).</summary>
    public static Task<IReadOnlyList<Message>> MessagesAsync(this TestHost host, string shareId) =>
        host.Services.GetRequiredService<MessageRepository>().ListAsync(
            new MessageQuery(null, [("resource_id", shareId)], null, null, "created_at", false, 100, 0), CancellationToken.None);

    /// <summary>What the share's backend driver itself reports as provisioned in its pool (the Dummy sums its shares' sizes).</summary>
    public static async Task<double> DriverProvisionedGbAsync(this TestHost host, JsonNode share)
    {
        var hostField = share["host"]!.GetValue<string>();
        var backendName = hostField[(hostField.IndexOf('@') + 1)..hostField.IndexOf('#')];
        var poolName = hostField[(hostField.IndexOf('#') + 1)..];
        var backend = host.Services.GetRequiredService<BackendRegistry>().Find(backendName)!;
        var stats = await backend.Driver!.GetStatsAsync(CancellationToken.None);
        return stats.Pools.Single(p => p.Name == poolName).ProvisionedCapacityGb ?? 0;
    }

    /// <summary>Adds an extra spec to the "default" share type, straight into the store (share type writes are another feature's).</summary>
    public static async Task SetDefaultTypeSpecAsync(this TestHost host, string key, string value)
    {
        await using var connection = await host.Services.GetRequiredService<SqliteConnectionFactory>().OpenAsync();
        await connection.ExecuteAsync(
            "INSERT OR REPLACE INTO share_type_extra_specs (share_type_id, key, value) SELECT id, @key, @value FROM share_types WHERE name = 'default'",
            new { key, value });
    }

    /// <summary>Sets a fault on both default Dummy backends, so the test does not depend on where the share landed.</summary>
    public static void FailEveryCall(this TestHost host, string operation)
    {
        host.Configuration[$"Backends:dummy1:Options:Faults:{operation}:FailEveryNth"] = "1";
        host.Configuration[$"Backends:dummy2:Options:Faults:{operation}:FailEveryNth"] = "1";
    }
}
