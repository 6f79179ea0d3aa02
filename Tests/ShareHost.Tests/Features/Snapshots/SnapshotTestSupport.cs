using System.Net;
using System.Text.Json.Nodes;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using ShareHost.Features.Backends;
using ShareHost.Features.Messages;
using ShareHost.Features.Shares;
using ShareHost.Features.Snapshots;
using ShareHost.Persistence;
using ShareHost.Tests.Infrastructure;

namespace ShareHost.Tests.Features.Snapshots;

/// <summary>Steps the snapshot tests share: a snapshot-capable share type, snapshots, and the Dummy driver's content versions.</summary>
public static class SnapshotTestSupport
{
    /// <summary>A share type asking for every snapshot capability.</summary>
    public const string SnapType = "snap";

    public static readonly IReadOnlyDictionary<string, string> AllSnapshotSpecs = new Dictionary<string, string>
    {
        ["snapshot_support"] = "True",
        ["create_share_from_snapshot_support"] = "True",
        ["revert_to_snapshot_support"] = "True",
        ["mount_snapshot_support"] = "True",
    };

    public static Task<string> CreateSnapshotTypeAsync(this TestHost host, string name = SnapType, IReadOnlyDictionary<string, string>? specs = null) =>
        TestData.CreateShareTypeAsync(host, name, specs ?? AllSnapshotSpecs);

    /// <summary>An available share of the snapshot-capable type.</summary>
    public static async Task<string> SnapshotableShareAsync(this ApiClient client, int size = 1, string? zone = null, string type = SnapType, string protocol = "NFS")
    {
        var id = await client.CreateShareAsync(size: size, protocol: protocol, type: type, zone: zone);
        await client.WaitForShareAsync(id, "available");
        return id;
    }

    public static Task<ApiClient.Response> PostSnapshotAsync(this ApiClient client, string shareId, string? name = null, string? description = null) =>
        client.PostAsync("/v2/snapshots", new { snapshot = new { share_id = shareId, name, description, force = false } });

    /// <summary>Creates a snapshot (asserting 202) and returns its id.</summary>
    public static async Task<string> CreateSnapshotAsync(this ApiClient client, string shareId, string? name = null)
    {
        var response = await client.PostSnapshotAsync(shareId, name);
        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.Accepted), response.Body);
        return response.Json["snapshot"]!["id"]!.GetValue<string>();
    }

    public static async Task<string> AvailableSnapshotAsync(this ApiClient client, string shareId, string? name = null)
    {
        var id = await client.CreateSnapshotAsync(shareId, name);
        await client.WaitForSnapshotAsync(id, "available");
        return id;
    }

    /// <summary>Polls the snapshot until it reaches <paramref name="status"/> (bounded: 15 s).</summary>
    public static async Task<JsonNode> WaitForSnapshotAsync(this ApiClient client, string id, string status)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        JsonNode? snapshot = null;
        while (DateTime.UtcNow < deadline)
        {
            var response = await client.GetAsync($"/v2/snapshots/{id}");
            snapshot = response.Status == HttpStatusCode.OK ? response.Json["snapshot"] : null;
            if (snapshot?["status"]?.GetValue<string>() == status)
            {
                return snapshot;
            }

            await Task.Delay(20);
        }

        Assert.Fail($"snapshot {id} did not reach '{status}'; last seen: {snapshot?.ToJsonString()}");
        return null!;
    }

    /// <summary>Polls until the snapshot is gone (bounded: 15 s).</summary>
    public static async Task WaitForSnapshotGoneAsync(this ApiClient client, string id)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (DateTime.UtcNow < deadline)
        {
            if ((await client.GetAsync($"/v2/snapshots/{id}")).Status == HttpStatusCode.NotFound)
            {
                return;
            }

            await Task.Delay(20);
        }

        Assert.Fail($"snapshot {id} is still there");
    }

    public static Task<ApiClient.Response> SnapshotActionAsync(this ApiClient client, string snapshotId, object body) =>
        client.PostAsync($"/v2/snapshots/{snapshotId}/action", body);

    /// <summary>The ids of a share's snapshots, as the API lists them.</summary>
    public static async Task<IReadOnlyList<string>> SnapshotIdsAsync(this ApiClient client, string shareId)
    {
        var response = await client.GetAsync($"/v2/snapshots/detail?share_id={shareId}");
        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.OK), response.Body);
        return response.Json["snapshots"]!.AsArray().Select(s => s!["id"]!.GetValue<string>()).ToList();
    }

    public static async Task<ShareRecord> ShareRecordAsync(this TestHost host, string shareId) =>
        (await host.Services.GetRequiredService<ShareRepository>().FindAsync(shareId))!;

    public static async Task<SnapshotRecord> SnapshotRecordAsync(this TestHost host, string snapshotId) =>
        (await host.Services.GetRequiredService<SnapshotRepository>().FindAsync(snapshotId))!;

    /// <summary>
    /// The Dummy driver instance of a backend. It is the plugin's type from its own load context, so the tests talk to
    /// its public test methods (Write, ContentVersion, SnapshotsOf, SnapshotAccess) dynamically.
    /// </summary>
    public static dynamic Dummy(this TestHost host, string backend) =>
        host.Services.GetRequiredService<BackendRegistry>().Find(backend)!.Driver!;

    /// <summary>The Dummy backend a share lives on.</summary>
    public static async Task<dynamic> DummyOfShareAsync(this TestHost host, string shareId) =>
        host.Dummy((await host.ShareRecordAsync(shareId)).Backend!);

    /// <summary>"Writes" to the share on its Dummy backend; returns the new content version.</summary>
    public static async Task<long> WriteAsync(this TestHost host, string shareId)
    {
        var share = await host.ShareRecordAsync(shareId);
        return (long)host.Dummy(share.Backend!).Write(share.InstanceId);
    }

    /// <summary>The content version the Dummy backend holds for the share.</summary>
    public static async Task<long> ContentVersionAsync(this TestHost host, string shareId)
    {
        var share = await host.ShareRecordAsync(shareId);
        return (long)host.Dummy(share.Backend!).ContentVersion(share.InstanceId);
    }

    /// <summary>User messages about a resource (share or snapshot), read from the store.</summary>
    public static Task<IReadOnlyList<Message>> MessagesAboutAsync(this TestHost host, string resourceId) =>
        host.Services.GetRequiredService<MessageRepository>().ListAsync(
            new MessageQuery(null, [("resource_id", resourceId)], null, null, "created_at", false, 100, 0), CancellationToken.None);

    public static async Task<long> CountAsync(this TestHost host, string sql, object? parameters = null)
    {
        await using var connection = await host.Services.GetRequiredService<SqliteConnectionFactory>().OpenAsync();
        return await connection.ExecuteScalarAsync<long>(sql, parameters);
    }

    public static async Task ExecuteAsync(this TestHost host, string sql, object? parameters = null)
    {
        await using var connection = await host.Services.GetRequiredService<SqliteConnectionFactory>().OpenAsync();
        await connection.ExecuteAsync(sql, parameters);
    }

    /// <summary>Sets a fault on a Dummy operation on both default backends.</summary>
    public static void Fail(this TestHost host, string operation, bool on = true)
    {
        foreach (var backend in new[] { "dummy1", "dummy2" })
        {
            host.Configuration[$"Backends:{backend}:Options:Faults:{operation}:FailEveryNth"] = on ? "1" : "0";
        }
    }
}
