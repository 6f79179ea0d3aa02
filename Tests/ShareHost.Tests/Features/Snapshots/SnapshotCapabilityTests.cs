using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Moq;
using ShareHost.Abstractions;
using ShareHost.Features.Backends;
using ShareHost.Features.Scheduling;
using ShareHost.Plugins;
using ShareHost.Tests.Api;
using ShareHost.Tests.Infrastructure;

namespace ShareHost.Tests.Features.Snapshots;

/// <summary>
/// A pool advertises a snapshot capability only when its flag is on and its driver implements the matching optional
/// interface (built once, in the pool catalog); the scheduler and the API refuse what a pool does not advertise.
/// </summary>
public sealed class SnapshotCapabilityTests
{
    private static readonly string[] Capabilities =
        ["snapshot_support", "create_share_from_snapshot_support", "revert_to_snapshot_support", "mount_snapshot_support"];

    [Test]
    public async Task PoolCatalog_FlagsOnButDriverWithoutTheInterfaces_AdvertisesNothing()
    {
        var pools = await CatalogAsync(new Mock<IShareDriver>());

        var capabilities = pools.Single().Capabilities;

        Assert.That(Capabilities.Select(c => capabilities[c]), Is.All.EqualTo(false));
    }

    [Test]
    public async Task PoolCatalog_FlagsOnAndEveryInterface_AdvertisesEverything()
    {
        var driver = new Mock<IShareDriver>();
        driver.As<ISnapshotDriver>();
        driver.As<IShareFromSnapshotDriver>();
        driver.As<IRevertToSnapshotDriver>();
        driver.As<ISnapshotAccessDriver>();

        var capabilities = (await CatalogAsync(driver)).Single().Capabilities;

        Assert.That(Capabilities.Select(c => capabilities[c]), Is.All.EqualTo(true));
    }

    [TestCase(typeof(IShareFromSnapshotDriver), "create_share_from_snapshot_support")]
    [TestCase(typeof(IRevertToSnapshotDriver), "revert_to_snapshot_support")]
    [TestCase(typeof(ISnapshotAccessDriver), "mount_snapshot_support")]
    public async Task PoolCatalog_SnapshotsAndOneMoreInterface_AdvertisesSnapshotsAndThatOne(Type extra, string capability)
    {
        var driver = new Mock<IShareDriver>();
        driver.As<ISnapshotDriver>();
        typeof(Mock<IShareDriver>).GetMethod(nameof(Mock.As))!.MakeGenericMethod(extra).Invoke(driver, null);

        var capabilities = (await CatalogAsync(driver)).Single().Capabilities;

        var others = Capabilities.Where(c => c != "snapshot_support").ToList();
        Assert.That(capabilities["snapshot_support"], Is.EqualTo(true));
        Assert.That(others.Select(c => (c, (bool)capabilities[c]!)), Is.EqualTo(others.Select(c => (c, c == capability))));
    }

    [Test]
    public async Task PoolCatalog_InterfacesWithoutSnapshotDriver_AdvertisesNothing()
    {
        var driver = new Mock<IShareDriver>();
        driver.As<IShareFromSnapshotDriver>();
        driver.As<IRevertToSnapshotDriver>();
        driver.As<ISnapshotAccessDriver>();

        var capabilities = (await CatalogAsync(driver)).Single().Capabilities;

        Assert.That(Capabilities.Select(c => capabilities[c]), Is.All.EqualTo(false));
    }

    [Test]
    public async Task PoolsApi_DummyBackends_AdvertiseEverySnapshotCapability()
    {
        using var host = new TestHost();
        using var admin = host.Client();

        var pools = (await admin.GetAsync("/v2/scheduler-stats/pools/detail")).Json["pools"]!.AsArray();

        Assert.That(pools, Has.Count.EqualTo(2));
        Assert.That(pools.SelectMany(p => Capabilities.Select(c => p!["capabilities"]![c]!.GetValue<bool>())), Is.All.True);
    }

    [Test]
    public async Task Scheduler_TypeNeedsSnapshotsPoolsWithout_ErrorNamingTheCapabilitiesFilter()
    {
        using var host = new TestHost(settings: new Dictionary<string, string?>
        {
            ["Backends:dummy1:Options:Pools:0:SnapshotSupport"] = "false",
            ["Backends:dummy2:Options:Pools:0:SnapshotSupport"] = "false",
        });
        using var demo = host.Client(TestHost.DemoToken);
        await host.CreateSnapshotTypeAsync();

        var id = await demo.CreateShareAsync(type: SnapshotTestSupport.SnapType);
        await demo.WaitForShareAsync(id, "error");
        var message = (await host.MessagesAboutAsync(id)).Single();

        Assert.That(message.DetailId, Is.EqualTo("008"));
        Assert.That(message.UserMessage, Does.Contain("Capabilities removed sharehost@dummy1#pool-a, sharehost@dummy2#pool-a"));
    }

    [Test]
    public async Task CreateSnapshot_PoolStoppedAdvertisingSnapshots_Answers422BeforeAnyDriverCall()
    {
        using var host = new TestHost(settings: new Dictionary<string, string?>
        {
            ["Backends:dummy1:Options:Pools:0:SnapshotSupport"] = "false",
            ["Backends:dummy2:Options:Pools:0:SnapshotSupport"] = "false",
        });
        using var demo = host.Client(TestHost.DemoToken);
        var share = await demo.CreateShareAsync();
        await demo.WaitForShareAsync(share, "available");
        // The type once promised snapshots (the flag is copied from the type at creation); the pool does not offer them.
        await host.ExecuteAsync("UPDATE shares SET snapshot_support = 1 WHERE id = @share", new { share });

        var response = await demo.PostSnapshotAsync(share);

        Fault.AssertIs(response, HttpStatusCode.UnprocessableEntity, "does not advertise snapshot_support");
        Assert.That(await host.CountAsync("SELECT COUNT(*) FROM snapshots"), Is.Zero);
    }

    [Test]
    public async Task Revert_PoolStoppedAdvertisingRevert_Answers400BeforeAnyDriverCall()
    {
        using var host = new TestHost(settings: new Dictionary<string, string?>
        {
            ["Backends:dummy1:Options:Pools:0:RevertToSnapshotSupport"] = "false",
            ["Backends:dummy2:Options:Pools:0:RevertToSnapshotSupport"] = "false",
        });
        using var demo = host.Client(TestHost.DemoToken);
        await host.CreateSnapshotTypeAsync(specs: new Dictionary<string, string> { ["snapshot_support"] = "True" });
        var share = await demo.SnapshotableShareAsync();
        var snapshot = await demo.AvailableSnapshotAsync(share);
        var version = await host.WriteAsync(share);
        // The share once promised revert (the flag is copied from the type at creation); its pool does not offer it.
        await host.ExecuteAsync("UPDATE shares SET revert_to_snapshot_support = 1 WHERE id = @share", new { share });
        host.Fail("RevertToSnapshot");

        var response = await demo.PostAsync($"/v2/shares/{share}/action", new { revert = new { snapshot_id = snapshot } });

        await host.IdleAsync();
        Fault.AssertIs(response, HttpStatusCode.BadRequest, "does not advertise revert_to_snapshot_support");
        Assert.Multiple(async () =>
        {
            Assert.That((await demo.GetAsync($"/v2/shares/{share}")).Json["share"]!["status"]!.GetValue<string>(), Is.EqualTo("available"));
            Assert.That((await demo.GetAsync($"/v2/snapshots/{snapshot}")).Json["snapshot"]!["status"]!.GetValue<string>(), Is.EqualTo("available"));
            Assert.That(await host.ContentVersionAsync(share), Is.EqualTo(version));
            Assert.That(await host.MessagesAboutAsync(share), Is.Empty, "the driver was never asked");
        });
    }

    [Test]
    public async Task MountSnapshot_PoolStoppedAdvertisingMount_Answers400AndGrantsNothing()
    {
        using var host = new TestHost(settings: new Dictionary<string, string?>
        {
            ["Backends:dummy1:Options:Pools:0:MountSnapshotSupport"] = "false",
            ["Backends:dummy2:Options:Pools:0:MountSnapshotSupport"] = "false",
        });
        using var demo = host.Client(TestHost.DemoToken);
        await host.CreateSnapshotTypeAsync(specs: new Dictionary<string, string> { ["snapshot_support"] = "True" });
        var share = await demo.SnapshotableShareAsync();
        var snapshot = await demo.AvailableSnapshotAsync(share);
        await host.ExecuteAsync("UPDATE shares SET mount_snapshot_support = 1 WHERE id = @share", new { share });

        var response = await demo.SnapshotActionAsync(snapshot, new { mount = new { client = "192.0.2.90" } });

        Fault.AssertIs(response, HttpStatusCode.BadRequest, "does not advertise mount_snapshot_support");
        Assert.That(await host.CountAsync("SELECT COUNT(*) FROM mount_leases"), Is.Zero);
    }

    private static async Task<IReadOnlyList<PoolState>> CatalogAsync(Mock<IShareDriver> driver)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Backends:b1:Driver"] = "Mock",
            ["Backends:b1:AvailabilityZone"] = "az1",
        }).Build();
        var options = Mock.Of<IOptionsMonitor<ShareHostOptions>>(o => o.CurrentValue == new ShareHostOptions());
        var environment = Mock.Of<IHostEnvironment>(e => e.ContentRootPath == Path.GetTempPath());
        await using var registry = new BackendRegistry(configuration, new PluginCatalog(NullLogger<PluginCatalog>.Instance),
            new DriverInvoker(options, NullLogger<DriverInvoker>.Instance), options, environment, NullLoggerFactory.Instance);
        driver.Setup(d => d.GetStatsAsync(It.IsAny<CancellationToken>())).ReturnsAsync(new BackendStats
        {
            StorageProtocols = ["NFS"],
            Pools =
            [
                new PoolStats
                {
                    Name = "p",
                    TotalCapacityGb = 100,
                    FreeCapacityGb = 100,
                    SnapshotSupport = true,
                    CreateShareFromSnapshotSupport = true,
                    RevertToSnapshotSupport = true,
                    MountSnapshotSupport = true,
                },
            ],
        });
        var backend = registry.Find("b1")!;
        backend.SetDriver(driver.Object);
        await registry.RefreshStatsAsync(backend, CancellationToken.None);
        return new PoolCatalog(registry).Current();
    }
}
