using System.Net;
using System.Text.Json.Nodes;
using ShareHost.Drivers.Local.Tests.Lab;
using ShareHost.Tests.Infrastructure;

namespace ShareHost.Drivers.Local.Tests.EndToEnd;

/// <summary>
/// Replication through the Manila API (issue 7) between two Local backends of one host: local1 in az1 on pool a and
/// local2 in az2 on pool b (two btrfs filesystems), one replication domain. Data goes in and comes out through NFS.
/// </summary>
[NonParallelizable]
public sealed class LocalBackendReplicationApiTests
{
    private const string ReplicatedType = "local-replicated";
    private TestHost _host = null!;
    private ApiClient _admin = null!;
    private readonly Dictionary<string, int> _nfsPorts = [];

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        await LocalLab.RequireAsync();
        var settings = new Dictionary<string, string?> { ["ShareHost:DriverInitTimeoutSeconds"] = "90" };
        foreach (var (backend, zone, pool, path) in new[] { ("local1", "az1", "a", LocalLab.PoolA), ("local2", "az2", "b", LocalLab.PoolB) })
        {
            settings[$"Backends:{backend}:Driver"] = "Local";
            settings[$"Backends:{backend}:AvailabilityZone"] = zone;
            settings[$"Backends:{backend}:DriverCallTimeoutSeconds"] = "120";
            var options = DriverHarness.DefaultOptions();
            foreach (var key in options.Keys.Where(k => k.StartsWith("Pools:", StringComparison.Ordinal)).ToList())
            {
                options.Remove(key);
            }

            options["Pools:0:Name"] = pool;
            options["Pools:0:Path"] = path;
            options["Pools:0:ReplicationType"] = "readable";
            options["Pools:0:ReplicationDomain"] = "lab";
            foreach (var (key, value) in options)
            {
                settings[$"Backends:{backend}:Options:{key}"] = value;
            }

            _nfsPorts[backend] = int.Parse(options["NfsPort"]!);
        }

        _host = new TestHost(settings: settings, defaultBackends: false);
        _admin = _host.Client();
        var type = await _admin.PostAsync("/v2/types", new
        {
            share_type = new Dictionary<string, object>
            {
                ["name"] = ReplicatedType,
                ["share_type_access:is_public"] = true,
                ["extra_specs"] = new Dictionary<string, string> { ["driver_handles_share_servers"] = "False", ["replication_type"] = "readable" },
            },
        });
        Assert.That(type.Status, Is.EqualTo(HttpStatusCode.OK), type.Body);
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        _admin?.Dispose();
        await HostStop.DisposeAsync(_host);
    }

    [Test]
    public async Task Resync_DataWrittenOnActive_ReadableThroughNfsOnReplicaThenWritableAfterPromote()
    {
        var shareId = await _admin.CreateShareAsync(size: 1, protocol: "NFS", type: ReplicatedType, zone: "az1");
        await WaitForAsync($"/v2/shares/{shareId}", "share", "status", "available");
        await AllowAsync(shareId, "127.0.0.1");
        var active = await MountAsync(shareId);
        var first = await Clients.NfsWriteAsync(active.Address, active.Port, active.Path, "first.txt", "written before the replica");
        Assert.That(first.Succeeded, first.All);

        var created = await _admin.PostAsync("/v2/share-replicas", new { share_replica = new { share_id = shareId } });
        Assert.That(created.Status, Is.EqualTo(HttpStatusCode.Accepted), created.Body);
        var replicaId = created.Json["share_replica"]!["id"]!.GetValue<string>();
        await WaitForAsync($"/v2/share-replicas/{replicaId}", "share_replica", "status", "available");
        var second = await Clients.NfsWriteAsync(active.Address, active.Port, active.Path, "second.txt", "written after the replica was made");
        Assert.That(second.Succeeded, second.All);

        var resync = await _admin.PostAsync($"/v2/share-replicas/{replicaId}/action", new { resync = (object?)null });

        Assert.That(resync.Status, Is.EqualTo(HttpStatusCode.Accepted), resync.Body);
        await _host.IdleAsync();
        var replica = (await _admin.GetAsync($"/v2/share-replicas/{replicaId}")).Json["share_replica"]!;
        Assert.That(replica["replica_state"]!.GetValue<string>(), Is.EqualTo("in_sync"));
        Assert.That(replica["availability_zone"]!.GetValue<string>(), Is.EqualTo("az2"));
        var location = await ReplicaLocationAsync(replicaId);
        Assert.That(location["readonly"]!.GetValue<bool>(), Is.True);
        var (address, path) = Split(location["path"]!.GetValue<string>());
        var port = _nfsPorts["local2"];
        // The host gives the replica the share's rules (as ro) in the background: read once they apply.
        var readFirst = await ReadEventuallyAsync(address, port, path, "first.txt");
        Assert.That(readFirst.Output, Is.EqualTo("written before the replica"), readFirst.All);
        var readSecond = await Clients.NfsReadAsync(address, port, path, "second.txt");
        Assert.That(readSecond.Output, Is.EqualTo("written after the replica was made"), readSecond.All);
        var refused = await Clients.NfsWriteAsync(address, port, path, "refused.txt", "a readable replica takes no writes");
        Assert.That(refused.Succeeded, Is.False, refused.All);

        var promote = await _admin.PostAsync($"/v2/share-replicas/{replicaId}/action", new { promote = (object?)null });

        Assert.That(promote.Status, Is.EqualTo(HttpStatusCode.Accepted), promote.Body);
        await WaitForAsync($"/v2/share-replicas/{replicaId}", "share_replica", "replica_state", "active");
        var promoted = await MountAsync(shareId);
        Assert.That(promoted.Port, Is.EqualTo(port), "mounts bind to the new active replica's backend");
        var written = await WriteEventuallyAsync(promoted.Address, promoted.Port, promoted.Path, "third.txt", "written on the promoted replica");
        Assert.That(written.Succeeded, written.All);
        Assert.That((await Clients.NfsReadAsync(promoted.Address, promoted.Port, promoted.Path, "first.txt")).Output, Is.EqualTo("written before the replica"));
        Assert.That((await Clients.NfsReadAsync(promoted.Address, promoted.Port, promoted.Path, "third.txt")).Output, Is.EqualTo("written on the promoted replica"));
    }

    private sealed record Mounted(string Address, string Path, int Port);

    /// <summary>The share's <c>mount</c> action for 127.0.0.1 (read-write): the address and path of the active replica.</summary>
    private async Task<Mounted> MountAsync(string shareId)
    {
        var response = await _admin.PostAsync($"/v2/shares/{shareId}/action", new { mount = new { client = "127.0.0.1", access_level = "rw" } });
        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.OK), response.Body);
        var mount = response.Json["mount"]!;
        var (address, path) = Split(mount["export_path"]!.GetValue<string>());
        var port = mount["mount_options"]!.GetValue<string>().Split(',').Single(o => o.StartsWith("port=", StringComparison.Ordinal))["port=".Length..];
        return new Mounted(address, path, int.Parse(port));
    }

    private async Task<JsonNode> ReplicaLocationAsync(string replicaId)
    {
        var response = await _admin.GetAsync($"/v2/share-replicas/{replicaId}/export-locations");
        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.OK), response.Body);
        return response.Json["export_locations"]!.AsArray().First(l => l!["preferred"]!.GetValue<bool>())!;
    }

    private static (string Address, string Path) Split(string exportPath)
    {
        var colon = exportPath.IndexOf(':', StringComparison.Ordinal);
        return (exportPath[..colon], exportPath[(colon + 1)..]);
    }

    private async Task AllowAsync(string shareId, string to)
    {
        var response = await _admin.PostAsync($"/v2/shares/{shareId}/action", new { allow_access = new { access_type = "ip", access_to = to, access_level = "rw" } });
        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.OK), response.Body);
        await WaitForAsync($"/v2/share-access-rules/{response.Json["access"]!["id"]!.GetValue<string>()}", "access", "state", "active");
    }

    /// <summary>Reads until the read succeeds (the replica's rules arrive in the background), at most 60 s.</summary>
    private static async Task<RunResult> ReadEventuallyAsync(string address, int port, string path, string file)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var read = await Clients.NfsReadAsync(address, port, path, file);
            if (read.Succeeded || DateTime.UtcNow > deadline)
            {
                return read;
            }

            await Task.Delay(200);
        }
    }

    /// <summary>Writes until a write succeeds (after a promotion the rules are sent again as rw in the background), at most 60 s.</summary>
    private static async Task<RunResult> WriteEventuallyAsync(string address, int port, string path, string file, string content)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var write = await Clients.NfsWriteAsync(address, port, path, file, content);
            if (write.Succeeded || DateTime.UtcNow > deadline)
            {
                return write;
            }

            await Task.Delay(200);
        }
    }

    /// <summary>Polls until the resource's field has the value (90 s at most); an error state fails at once, with the messages.</summary>
    private async Task WaitForAsync(string path, string key, string field, string value)
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        var now = "";
        while (DateTime.UtcNow < deadline)
        {
            var response = await _admin.GetAsync(path);
            Assert.That(response.Status, Is.EqualTo(HttpStatusCode.OK), response.Body);
            now = response.Json[key]![field]!.GetValue<string>();
            if (now == value)
            {
                return;
            }

            if (now.StartsWith("error", StringComparison.Ordinal))
            {
                break;
            }

            await Task.Delay(100);
        }

        var messages = (await _admin.GetAsync("/v2/messages")).Body;
        Assert.Fail($"{path}: {field} is '{now}', expected '{value}'; messages: {messages}");
    }
}
