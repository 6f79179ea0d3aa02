using System.Net;
using ShareHost.Drivers.Local.Tests.Lab;
using ShareHost.Tests.Infrastructure;

namespace ShareHost.Drivers.Local.Tests.EndToEnd;

/// <summary>The Local backend behind the real host and its Manila API: the plugin loaded from plugins/Local, real storage.</summary>
public sealed class LocalBackendApiTests
{
    private TestHost _host = null!;
    private ApiClient _admin = null!;
    private Dictionary<string, string?> _settings = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        await LocalLab.RequireAsync();
        _settings = LocalHostSettings.For();
        _host = new TestHost(settings: _settings, defaultBackends: false);
        _admin = _host.Client();
    }

    [OneTimeTearDown]
    public void Stop()
    {
        _admin?.Dispose();
        _host?.Dispose();
    }

    [Test]
    public async Task CreateShare_LocalBackend_SubvolumeMountedAndExported()
    {
        var id = await _admin.CreateShareAsync(size: 1, protocol: "NFS");

        var share = await WaitAsync(id, "available");

        var instance = await InstanceIdAsync(id);
        var locations = (await _admin.GetAsync($"/v2/shares/{id}/export_locations")).Json["export_locations"]!.AsArray();
        Assert.That(share["host"]!.GetValue<string>(), Is.EqualTo("sharehost@local1#a").Or.EqualTo("sharehost@local1#b").Or.EqualTo("sharehost@local1#dir"));
        var pool = share["host"]!.GetValue<string>().Split('#')[1];
        Assert.That(locations.Select(l => l!["path"]!.GetValue<string>()), Has.Some.EndsWith($"/shares/share-{instance}"));
        Assert.That(Directory.Exists(Path.Combine(PoolPath(pool), "shares", $"share-{instance}")), Is.True);
        Assert.That(File.Exists(Path.Combine(LocalHostSettings.StateDirectory(_host.Directory), "nfs", "exports.d", $"share-{instance}.conf")), Is.True);
        Assert.That(File.ReadAllText("/proc/self/mountinfo"), Does.Contain($"share-{instance}"));
    }

    [Test]
    public async Task ExtendThenDelete_ThroughTheApi_LimitChangedThenSubvolumeGone()
    {
        var id = await _admin.CreateShareAsync(size: 1, protocol: "NFS");
        var share = await WaitAsync(id, "available");
        var instance = await InstanceIdAsync(id);
        var pool = share["host"]!.GetValue<string>().Split('#')[1];
        var subvolume = Path.Combine(PoolPath(pool), "shares", $"share-{instance}");

        var extend = await _admin.PostAsync($"/v2/shares/{id}/action", new { extend = new { new_size = 3 } });
        Assert.That(extend.Status, Is.EqualTo(HttpStatusCode.Accepted), extend.Body);
        await WaitAsync(id, "available");

        if (pool != "dir")
        {
            var limit = await Run.CheckedAsync("btrfs", "qgroup", "show", "--raw", "-r", "-f", subvolume);
            Assert.That(limit.Output, Does.Contain((3 * LocalLab.SizeUnit).ToString()));
        }

        var delete = await _admin.DeleteAsync($"/v2/shares/{id}");
        Assert.That(delete.Status, Is.EqualTo(HttpStatusCode.Accepted), delete.Body);
        await _host.IdleAsync();
        Assert.That(Directory.Exists(subvolume), Is.False);
    }

    [Test]
    public async Task ListPools_LocalBackend_RealCapacityAndCapabilities()
    {
        var pools = (await _admin.GetAsync("/v2/scheduler-stats/pools/detail")).Json["pools"]!.AsArray();

        var a = pools.Single(p => p!["name"]!.GetValue<string>() == "sharehost@local1#a")!["capabilities"]!;
        Assert.That(a["total_capacity_gb"]!.GetValue<double>(), Is.EqualTo(96).Within(0.5));
        Assert.That(a["snapshot_support"]!.GetValue<bool>(), Is.True);
        Assert.That(a["revert_to_snapshot_support"]!.GetValue<bool>(), Is.True);
        Assert.That(a["storage_protocol"]!.ToJsonString(), Does.Contain("NFS").And.Contain("CIFS"));
    }

    private async Task<System.Text.Json.Nodes.JsonNode> WaitAsync(string id, string status)
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (true)
        {
            var share = (await _admin.GetAsync($"/v2/shares/{id}")).Json["share"]!;
            var now = share["status"]!.GetValue<string>();
            if (now == status)
            {
                return share;
            }

            if (now.StartsWith("error", StringComparison.Ordinal) || DateTime.UtcNow > deadline)
            {
                var messages = (await _admin.GetAsync($"/v2/messages?resource_id={id}")).Body;
                Assert.Fail($"share {id} is '{now}', expected '{status}'; messages: {messages}");
            }

            await Task.Delay(100);
        }
    }

    private async Task<string> InstanceIdAsync(string shareId)
    {
        var instances = (await _admin.GetAsync($"/v2/shares/{shareId}/instances")).Json["share_instances"]!.AsArray();
        return instances.Single()!["id"]!.GetValue<string>();
    }

    private static string PoolPath(string pool) => pool switch
    {
        "a" => LocalLab.PoolA,
        "b" => LocalLab.PoolB,
        _ => LocalLab.PoolDir,
    };
}
