using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using ShareHost.Tests.Features.Mounts;
using ShareHost.Tests.Infrastructure;

namespace ShareHost.Tests.Features.Ownership;

/// <summary>
/// Two real host processes on one SQLite file: the second stands by; the first is killed (SIGKILL); the second takes
/// every backend over with a higher token, and the shares the first created stay available and manageable.
/// </summary>
// Alone: two real processes and a bounded takeover time, which other fixtures' load must not stretch.
[NonParallelizable]
public sealed class TwoProcessTakeoverTests
{
    private const double LeaseSeconds = 3;
    private const double RenewSeconds = 1;

    private string _directory = null!;
    private HostProcess? _first;
    private HostProcess? _second;

    [SetUp]
    public void SetUp()
    {
        _directory = TestHost.NewDirectory();
        TestHost.CopyPlugins(Path.Combine(_directory, "plugins"));
    }

    [TearDown]
    public void TearDown()
    {
        _first?.Dispose();
        _second?.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            TestHost.DeleteDirectory(_directory);
        }
        catch (IOException)
        {
            // a file still held open; the temp folder is cleaned eventually
        }
    }

    [Test]
    public async Task KillTheOwner_StandbyTakesOverAfterTheLeaseExpires_WithHigherTokensAndWorkingShares()
    {
        // The standby may not recognise the dead owner here: it must wait for the lease to expire on the database's clock.
        _first = await HostProcess.StartAsync(_directory, Settings(recogniseDeadLocalHolders: false));
        string share;
        long firstToken;
        long lastFencingToken;
        using (var admin = _first.Client())
        {
            share = await Mounts.Mounts.ShareAsync(admin);
            await Mounts.Mounts.MountOkAsync(admin, share, "192.0.2.1", level: "ro");
            lastFencingToken = (await Mounts.Mounts.MountOkAsync(admin, share, "192.0.2.2", level: "ro")).Token();
            firstToken = Ownership(await BackendsAsync(admin), "dummy1")["token"]!.GetValue<long>();
        }

        _second = await HostProcess.StartAsync(_directory, Settings(recogniseDeadLocalHolders: false));
        using var second = _second.Client();
        var standby = Ownership(await BackendsAsync(second), "dummy1");
        var killed = Stopwatch.StartNew();
        _first.Kill();

        await Mounts.Mounts.EventuallyAsync(async () => (await BackendsAsync(second)).All(b => b!["ownership"]!["owned"]!.GetValue<bool>()
            && b["state"]!.GetValue<string>() == "up"), "the standby takes over", seconds: 60);
        var tookOver = killed.Elapsed;
        var owner = Ownership(await BackendsAsync(second), "dummy1");
        var mount = await Mounts.Mounts.MountOkAsync(second, share, "192.0.2.3", level: "ro");
        var extend = await second.PostAsync($"/v2/shares/{share}/action", new { extend = new { new_size = 2 } });
        var extended = await WaitForSizeAsync(second, share, 2);
        var pools = (await second.GetAsync("/v2/scheduler-stats/pools/detail?backend=dummy1")).Json["pools"]!.AsArray();

        Assert.Multiple(() =>
        {
            Assert.That(standby["owned"]!.GetValue<bool>(), Is.False, "the second process starts as standby");
            Assert.That(_second.HasExited, Is.False, _second.Output);
            Assert.That(tookOver, Is.LessThan(TimeSpan.FromSeconds(LeaseSeconds + RenewSeconds + 15)), $"took over after {tookOver.TotalSeconds:0.0} s");
            Assert.That(owner["token"]!.GetValue<long>(), Is.GreaterThan(firstToken));
            Assert.That(pools.Single()!["capabilities"]!["ownership_token"]!.GetValue<long>(), Is.EqualTo(owner["token"]!.GetValue<long>()));
            Assert.That(mount.Token(), Is.GreaterThan(lastFencingToken), "fencing tokens keep increasing across the takeover");
            Assert.That(extend.Status, Is.EqualTo(HttpStatusCode.Accepted), extend.Body);
            Assert.That(extended["status"]!.GetValue<string>(), Is.EqualTo("available"));
        });
        TestContext.Out.WriteLine($"takeover {tookOver.TotalSeconds:0.0} s after SIGKILL (lease {LeaseSeconds} s, renewal every {RenewSeconds} s)");
    }

    [Test]
    public async Task KillTheOwner_StandbyOnTheSameMachine_RecognisesTheDeadOwnerAndTakesOverAtItsNextRenewal()
    {
        _first = await HostProcess.StartAsync(_directory, Settings(recogniseDeadLocalHolders: true, leaseSeconds: 60));
        string share;
        using (var admin = _first.Client())
        {
            share = await Mounts.Mounts.ShareAsync(admin);
        }

        _second = await HostProcess.StartAsync(_directory, Settings(recogniseDeadLocalHolders: true, leaseSeconds: 60));
        using var second = _second.Client();
        _first.Kill();

        // Well before the 60 s lease could expire.
        await Mounts.Mounts.EventuallyAsync(async () => (await BackendsAsync(second)).All(b => b!["ownership"]!["owned"]!.GetValue<bool>()
            && b["state"]!.GetValue<string>() == "up"), "the standby takes over from the dead owner", seconds: 30);
        var mount = await Mounts.Mounts.MountAsync(second, share, level: "ro");

        Assert.That(mount.Status, Is.EqualTo(HttpStatusCode.OK), mount.Body);
    }

    private Dictionary<string, string?> Settings(bool recogniseDeadLocalHolders, double leaseSeconds = LeaseSeconds)
    {
        var settings = HostProcess.Settings(_directory);
        foreach (var (key, value) in Mounts.Mounts.Pool())
        {
            settings[key] = value;
        }

        settings["Ownership:LeaseSeconds"] = leaseSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        settings["Ownership:TakeOverDeadLocalHolders"] = recogniseDeadLocalHolders ? "true" : "false";
        settings["Jobs:BackendLeaseRenewSeconds"] = RenewSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        settings["Backends:dummy1:Options:StateFile"] = "dummy-state.jsonl";
        settings["Backends:dummy2:Options:StateFile"] = "dummy-state.jsonl";
        return settings;
    }

    private static async Task<JsonArray> BackendsAsync(ApiClient admin) =>
        (await admin.GetAsync("/v2/sharehost/backends")).Json["backends"]!.AsArray();

    private static JsonNode Ownership(JsonArray backends, string name) =>
        backends.Single(b => b!["name"]!.GetValue<string>() == name)!["ownership"]!;

    private static async Task<JsonNode> WaitForSizeAsync(ApiClient client, string share, int size)
    {
        JsonNode? shown = null;
        await Mounts.Mounts.EventuallyAsync(async () =>
        {
            shown = (await client.GetAsync($"/v2/shares/{share}")).Json["share"];
            return shown!["size"]!.GetValue<int>() == size && shown["status"]!.GetValue<string>() == "available";
        }, $"share {share} reaches {size} GiB");
        return shown!;
    }
}
