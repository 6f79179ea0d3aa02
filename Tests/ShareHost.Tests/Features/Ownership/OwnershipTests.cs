using System.Net;
using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using ShareHost.Features.Backends;
using ShareHost.Persistence;
using ShareHost.Tests.Features.Mounts;
using ShareHost.Tests.Infrastructure;

namespace ShareHost.Tests.Features.Ownership;

/// <summary>
/// Backend ownership leases inside one test process: two hosts on one database file (the second stands by without
/// starting drivers and hands work to the owner), a clean hand-over, and a lease lost from under its holder.
/// </summary>
public sealed class OwnershipTests
{
    private string _directory = null!;

    [SetUp]
    public void SetUp() => _directory = TestHost.NewDirectory();

    [TearDown]
    public void TearDown()
    {
        SqliteConnection.ClearAllPools();
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
    public async Task Start_ClaimsEveryBackend_TokenShownAndSeenByTheDriver()
    {
        using var host = new TestHost(_directory, Settings());
        using var admin = host.Client();

        var backends = (await admin.GetAsync("/v2/sharehost/backends")).Json["backends"]!.AsArray();
        var pools = (await admin.GetAsync("/v2/scheduler-stats/pools/detail")).Json["pools"]!.AsArray();

        foreach (var backend in backends)
        {
            var ownership = backend!["ownership"]!;
            var name = backend["name"]!.GetValue<string>();
            Assert.That(ownership["owned"]!.GetValue<bool>(), Is.True, name);
            Assert.That(ownership["token"]!.GetValue<long>(), Is.EqualTo(1), name);
            Assert.That(ownership["holder"]!.GetValue<string>(), Does.Contain(Environment.MachineName), name);
            var pool = pools.Single(p => p!["backend"]!.GetValue<string>() == name)!;
            Assert.That(pool["capabilities"]!["ownership_token"]!.GetValue<long>(), Is.EqualTo(1), "the driver was initialised with the token");
        }
    }

    [Test]
    public async Task SecondHostOnTheSameDatabase_StandsByWithoutStartingDriversAndHandsWorkToTheOwner()
    {
        using var owner = new TestHost(_directory, Settings());
        using var ownerAdmin = owner.Client();
        using var ownerDemo = owner.Client(TestHost.DemoToken);
        var mounted = await Mounts.Mounts.ShareAsync(ownerDemo);
        var doomed = await Mounts.Mounts.ShareAsync(ownerDemo);
        using var standby = new TestHost(_directory, Settings());
        using var standbyAdmin = standby.Client();
        using var standbyDemo = standby.Client(TestHost.DemoToken);
        var ownerHolder = (await ownerAdmin.GetAsync("/v2/sharehost/backends")).Json["backends"]![0]!["ownership"]!["holder"]!.GetValue<string>();

        var services = (await standbyAdmin.GetAsync("/v2/services?binary=manila-share")).Json["services"]!.AsArray();
        var backends = (await standbyAdmin.GetAsync("/v2/sharehost/backends")).Json["backends"]!.AsArray();
        var mount = await Mounts.Mounts.MountAsync(standbyDemo, mounted);
        var list = await standbyDemo.GetAsync("/v2/shares/detail");
        var created = await standbyDemo.CreateShareAsync(zone: "az1");
        var delete = await standbyDemo.DeleteAsync($"/v2/shares/{doomed}");

        Assert.Multiple(() =>
        {
            foreach (var service in services)
            {
                Assert.That(service!["state"]!.GetValue<string>(), Is.EqualTo("down"));
                Assert.That(service["state_reason"]!.GetValue<string>(), Does.StartWith($"standby: owned by {ownerHolder} until "));
            }

            foreach (var backend in backends)
            {
                Assert.That(backend!["ownership"]!["owned"]!.GetValue<bool>(), Is.False);
                Assert.That(backend["stats_updated_at"], Is.Null);
            }

            Assert.That(standby.Services.GetRequiredService<BackendRegistry>().All.Select(b => b.Driver), Is.All.Null, "no driver started on standby");
            Assert.That(mount.Status, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
            Assert.That(mount.ErrorMessage, Does.Contain(ownerHolder));
            Assert.That(list.Status, Is.EqualTo(HttpStatusCode.OK), "reads are served on standby");
            Assert.That(delete.Status, Is.EqualTo(HttpStatusCode.Accepted));
        });

        // Work accepted by the standby is recorded for the owner, whose renewal job picks it up.
        await ownerDemo.WaitForShareAsync(created, "available");
        await Mounts.Mounts.EventuallyAsync(async () => (await ownerDemo.GetAsync($"/v2/shares/{doomed}")).Status == HttpStatusCode.NotFound,
            "the owner runs the delete the standby accepted");
        var share = (await ownerDemo.GetAsync($"/v2/shares/{created}")).Json["share"]!;
        Assert.That(share["availability_zone"]!.GetValue<string>(), Is.EqualTo("az1"));
    }

    [Test]
    public async Task OwnerStopsCleanly_StandbyTakesOverWithAHigherTokenAndSharesStayUsable()
    {
        string share;
        long before;
        var owner = new TestHost(_directory, Settings());
        using (var ownerDemo = owner.Client(TestHost.DemoToken))
        {
            share = await Mounts.Mounts.ShareAsync(ownerDemo);
            before = (await Mounts.Mounts.MountOkAsync(ownerDemo, share, level: "ro")).Token();
        }

        using var standby = new TestHost(_directory, Settings());
        using var admin = standby.Client();
        using var demo = standby.Client(TestHost.DemoToken);
        owner.Dispose();

        await Mounts.Mounts.EventuallyAsync(async () => (await admin.GetAsync("/v2/sharehost/backends")).Json["backends"]!.AsArray()
            .All(b => b!["ownership"]!["owned"]!.GetValue<bool>() && b["state"]!.GetValue<string>() == "up"), "the standby takes both backends over");
        var backends = (await admin.GetAsync("/v2/sharehost/backends")).Json["backends"]!.AsArray();
        var pools = (await admin.GetAsync("/v2/scheduler-stats/pools/detail?backend=dummy1")).Json["pools"]!.AsArray();
        var mount = await Mounts.Mounts.MountOkAsync(demo, share, "192.0.2.77", level: "ro");
        var extend = await demo.PostAsync($"/v2/shares/{share}/action", new { extend = new { new_size = 2 } });

        Assert.Multiple(() =>
        {
            Assert.That(backends.Select(b => b!["ownership"]!["token"]!.GetValue<long>()), Is.All.EqualTo(2));
            Assert.That(pools.Single()!["capabilities"]!["ownership_token"]!.GetValue<long>(), Is.EqualTo(2), "the new owner's driver saw the higher token");
            Assert.That(mount.Token(), Is.GreaterThan(before), "fencing tokens keep increasing across the takeover");
            Assert.That(extend.Status, Is.EqualTo(HttpStatusCode.Accepted), extend.Body);
        });
        await standby.IdleAsync();
        Assert.That((await demo.WaitForShareAsync(share, "available"))["size"]!.GetValue<int>(), Is.EqualTo(2));
    }

    [Test]
    public async Task LeaseLostFromUnderTheOwner_BackendGoesDownAtOnceAndInFlightWorkStaysRecorded()
    {
        using var host = new TestHost(_directory, Settings().With("Backends:dummy1:Options:LatencyMs:ExtendShare", "20000"));
        using var admin = host.Client();
        using var demo = host.Client(TestHost.DemoToken);
        var share = await Mounts.Mounts.ShareAsync(demo);
        var other = await Mounts.Mounts.ShareAsync(demo);
        var extend = await demo.PostAsync($"/v2/shares/{share}/action", new { extend = new { new_size = 3 } });
        await demo.WaitForShareAsync(share, "extending");

        await using (var connection = await host.Services.GetRequiredService<SqliteConnectionFactory>().OpenAsync())
        {
            await connection.ExecuteAsync("""
                UPDATE backend_leases SET holder = 'intruder/1/1/x', token = token + 1,
                       expires_at = strftime('%Y-%m-%d %H:%M:%f', 'now', '+600 seconds')
                WHERE backend = 'dummy1'
                """);
        }

        await Mounts.Mounts.EventuallyAsync(async () => (await admin.GetAsync("/v2/services?host=sharehost@dummy1")).Json["services"]![0]!["state"]!
            .GetValue<string>() == "down", "the renewal notices the lost lease");
        var service = (await admin.GetAsync("/v2/services?host=sharehost@dummy1")).Json["services"]![0]!;
        var mount = await Mounts.Mounts.MountAsync(demo, other);
        await host.IdleAsync();
        var stillExtending = (await demo.GetAsync($"/v2/shares/{share}")).Json["share"]!;

        Assert.Multiple(() =>
        {
            Assert.That(extend.Status, Is.EqualTo(HttpStatusCode.Accepted));
            Assert.That(service["state_reason"]!.GetValue<string>(), Does.StartWith("ownership lost: now owned by intruder/1/1/x"));
            Assert.That(host.Services.GetRequiredService<BackendRegistry>().Find("dummy1")!.Driver, Is.Null, "the lost backend's driver is stopped");
            Assert.That(mount.Status, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
            Assert.That(mount.ErrorMessage, Does.Contain("intruder/1/1/x"));
            Assert.That(stillExtending["status"]!.GetValue<string>(), Is.EqualTo("extending"), "the stopped extend is left for the new owner, not failed");
        });
        Assert.That(await OperationCountAsync(host), Is.EqualTo(1));
    }

    private static Dictionary<string, string?> Settings() => Mounts.Mounts.Pool()
        .With("Jobs:BackendLeaseRenewSeconds", "0.3")
        .With("Backends:dummy1:Options:StateFile", "dummy-state.jsonl")
        .With("Backends:dummy2:Options:StateFile", "dummy-state.jsonl");

    private static async Task<long> OperationCountAsync(TestHost host)
    {
        await using var connection = await host.Services.GetRequiredService<SqliteConnectionFactory>().OpenAsync();
        return await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM operations");
    }
}
