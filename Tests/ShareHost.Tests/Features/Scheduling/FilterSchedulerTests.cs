using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Moq;
using ShareHost.Abstractions;
using ShareHost.Features.Backends;
using ShareHost.Features.Scheduling;
using ShareHost.Features.Scheduling.Filters;
using ShareHost.Plugins;
using static ShareHost.Tests.Features.Scheduling.Pools;

namespace ShareHost.Tests.Features.Scheduling;

/// <summary>
/// The filter scheduler over real backends and the pool catalog, with each backend's driver mocked to report the
/// pools a test needs (manila-zed §6.1).
/// </summary>
public sealed class FilterSchedulerTests
{
    private readonly Dictionary<string, List<PoolStats>> _reported = [];
    private BackendRegistry _registry = null!;
    private PoolCatalog _catalog = null!;
    private FilterScheduler _scheduler = null!;

    [SetUp]
    public void SetUp()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Backends:b1:Driver"] = "Mock",
            ["Backends:b1:AvailabilityZone"] = "az1",
            ["Backends:b2:Driver"] = "Mock",
            ["Backends:b2:AvailabilityZone"] = "az2",
            ["Backends:b3:Driver"] = "Mock",
            ["Backends:b3:AvailabilityZone"] = "az1",
        }).Build();
        var options = Mock.Of<IOptionsMonitor<ShareHostOptions>>(o => o.CurrentValue == new ShareHostOptions());
        var environment = Mock.Of<IHostEnvironment>(e => e.ContentRootPath == Path.GetTempPath());
        _registry = new BackendRegistry(configuration, new PluginCatalog(NullLogger<PluginCatalog>.Instance),
            new DriverInvoker(options, NullLogger<DriverInvoker>.Instance), options, environment, NullLoggerFactory.Instance);
        _catalog = new PoolCatalog(_registry);
        _scheduler = new FilterScheduler(_catalog, _registry, [new AvailabilityZoneFilter(), new CapacityFilter(), new CapabilitiesFilter()]);
    }

    [TearDown]
    public async Task TearDown() => await _registry.DisposeAsync();

    [Test]
    public async Task Schedule_SeveralPoolsPass_PicksTheHighestWeight()
    {
        await UpAsync("b1", Stats("p", free: 500));
        await UpAsync("b2", Stats("p", free: 800), Stats("q", free: 700));
        await UpAsync("b3", Stats("p", free: 600));

        var result = _scheduler.Schedule(Request(10));

        Assert.That(result.Succeeded, Is.True, result.Explanation);
        Assert.That(result.Chosen!.Name, Is.EqualTo("sharehost@b2#p"));
    }

    [Test]
    public async Task Schedule_InAZone_PicksOnlyAmongThatZonesPools()
    {
        await UpAsync("b1", Stats("p", free: 500));
        await UpAsync("b2", Stats("p", free: 900));
        await UpAsync("b3", Stats("p", free: 600));

        var result = _scheduler.Schedule(Request(10, zone: "az1"));

        Assert.That(result.Chosen!.Name, Is.EqualTo("sharehost@b3#p"));
    }

    [Test]
    public async Task Schedule_NoPoolPasses_ExplainsWhichFilterRemovedWhichPools()
    {
        await UpAsync("b1", Stats("p", free: 500));
        await UpAsync("b2", Stats("p", free: 900));
        await UpAsync("b3", Stats("p", free: 100), Stats("q", free: 2000, snapshots: false));

        // Zone az1 removes b2; 600 GiB removes b1#p and b3#p; only b3#q is left, and it has no snapshot support.
        var result = _scheduler.Schedule(Request(600, zone: "az1", specs: Specs(("snapshot_support", "True"))));

        Assert.That(result.Succeeded, Is.False);
        Assert.That(result.LastFilter, Is.EqualTo("Capabilities"));
        Assert.That(result.Explanation, Is.EqualTo(
            "AvailabilityZone removed sharehost@b2#p; Capacity removed sharehost@b1#p, sharehost@b3#p; Capabilities removed sharehost@b3#q"));
    }

    [Test]
    public async Task Schedule_CapacityRemovesTheLastPools_LastFilterIsCapacity()
    {
        await UpAsync("b1", Stats("p", free: 500));
        await UpAsync("b2", Stats("p", free: 900));

        var result = _scheduler.Schedule(Request(600, zone: "az1"));

        Assert.That(result.LastFilter, Is.EqualTo("Capacity"));
        Assert.That(result.Explanation, Does.StartWith("AvailabilityZone removed sharehost@b2#p").And.EndWith("Capacity removed sharehost@b1#p"));
    }

    [Test]
    public async Task Schedule_FilterThatRemovesNothing_IsNotMentioned()
    {
        await UpAsync("b1", Stats("p", free: 500));

        var result = _scheduler.Schedule(Request(10, protocol: "CEPHFS"));

        Assert.That(result.LastFilter, Is.EqualTo("Capabilities"));
        Assert.That(result.Explanation, Is.EqualTo("Capabilities removed sharehost@b1#p"));
    }

    [Test]
    public async Task Schedule_ConsecutiveBigShares_SpreadAsFreeSpaceShrinks()
    {
        await UpAsync("b1", Stats("p", free: 1000));
        await UpAsync("b2", Stats("p", free: 900));

        var first = _scheduler.Schedule(Request(300));
        var second = _scheduler.Schedule(Request(300));
        var third = _scheduler.Schedule(Request(300));

        Assert.That(first.Chosen!.Backend, Is.EqualTo("b1"));
        Assert.That(second.Chosen!.Backend, Is.EqualTo("b2"), "b1 has 700 GiB left after the first share, b2 still 900");
        Assert.That(third.Chosen!.Backend, Is.EqualTo("b1"), "700 left on b1 against 600 on b2");
    }

    [Test]
    public async Task Schedule_PlacementsFillAPool_TheNextOneFailsOnCapacity()
    {
        await UpAsync("b1", Stats("p", free: 100));

        var first = _scheduler.Schedule(Request(60));
        var second = _scheduler.Schedule(Request(60));

        Assert.That(first.Succeeded, Is.True);
        Assert.That(second.Succeeded, Is.False);
        Assert.That(second.LastFilter, Is.EqualTo("Capacity"));
    }

    [Test]
    public async Task Schedule_AfterTheNextStatsReport_PlacementsAreForgotten()
    {
        await UpAsync("b1", Stats("p", free: 100));
        _scheduler.Schedule(Request(60));

        await _registry.RefreshStatsAsync(_registry.Find("b1")!, CancellationToken.None);
        var next = _scheduler.Schedule(Request(60));

        Assert.That(next.Succeeded, Is.True, "the report is the truth again (the driver still says 100 GiB free)");
    }

    [Test]
    public async Task Schedule_Thin_PlacementsCountAsProvisioned()
    {
        await UpAsync("b1", Stats("p", total: 100, free: 100, thin: true, ratio: 2));

        var first = _scheduler.Schedule(Request(150));
        var second = _scheduler.Schedule(Request(60));

        Assert.That(first.Succeeded, Is.True, first.Explanation);
        Assert.That(second.Succeeded, Is.False, "150 + 60 provisioned exceeds 100 × 2");
    }

    [Test]
    public async Task Schedule_DisabledBackend_IsNotChosen()
    {
        await UpAsync("b1", Stats("p", free: 100));
        await UpAsync("b2", Stats("p", free: 900));
        _registry.Find("b2")!.SetDisabled(true, "maintenance");

        var result = _scheduler.Schedule(Request(10));

        Assert.That(result.Chosen!.Backend, Is.EqualTo("b1"));
    }

    [Test]
    public async Task Schedule_DownBackend_IsNotChosen()
    {
        await UpAsync("b1", Stats("p", free: 100));
        await UpAsync("b2", Stats("p", free: 900));
        var failing = new Mock<IShareDriver>();
        failing.Setup(d => d.GetStatsAsync(It.IsAny<CancellationToken>())).ThrowsAsync(new ShareDriverException("array unreachable"));
        _registry.Find("b2")!.SetDriver(failing.Object);
        await _registry.RefreshStatsAsync(_registry.Find("b2")!, CancellationToken.None);

        var result = _scheduler.Schedule(Request(10));

        Assert.That(_registry.Find("b2")!.IsUp, Is.False);
        Assert.That(result.Chosen!.Backend, Is.EqualTo("b1"));
    }

    [Test]
    public void Schedule_NoBackendUp_FailsWithoutAFilterAndSaysWhy()
    {
        var result = _scheduler.Schedule(Request(10));

        Assert.That(result.Succeeded, Is.False);
        Assert.That(result.LastFilter, Is.Null);
        Assert.That(result.Explanation, Does.Contain("no backend is up").And.Contain("b1"));
    }

    [Test]
    public async Task Schedule_OnlyDisabledBackendsUp_FailsSayingTheyAreDisabled()
    {
        await UpAsync("b1", Stats("p", free: 100));
        _registry.Find("b1")!.SetDisabled(true, "maintenance");

        var result = _scheduler.Schedule(Request(10));

        Assert.That(result.Succeeded, Is.False);
        Assert.That(result.Explanation, Does.Contain("b1: disabled"));
    }

    [Test]
    public async Task CheckPool_RoomInTheSharesPool_SucceedsAndConsumes()
    {
        await UpAsync("b1", Stats("p", free: 100));

        var first = _scheduler.CheckPool("b1", "p", Request(60, extend: true), "Capacity");
        var second = _scheduler.CheckPool("b1", "p", Request(60, extend: true), "Capacity");

        Assert.That(first.Succeeded, Is.True);
        Assert.That(second.Succeeded, Is.False);
        Assert.That(second.LastFilter, Is.EqualTo("Capacity"));
    }

    [Test]
    public async Task CheckPool_OnlyTheNamedFiltersRun()
    {
        await UpAsync("b1", Stats("p", free: 100));

        var result = _scheduler.CheckPool("b1", "p", Request(10, protocol: "CEPHFS", zone: "az9", extend: true), "Capacity");

        Assert.That(result.Succeeded, Is.True);
    }

    [Test]
    public void CheckPool_PoolNotReporting_FailsSayingSo()
    {
        var result = _scheduler.CheckPool("b1", "p", Request(10, extend: true), "Capacity");

        Assert.That(result.Succeeded, Is.False);
        Assert.That(result.Explanation, Does.Contain("not reporting"));
    }

    private async Task UpAsync(string backend, params PoolStats[] pools)
    {
        _reported[backend] = [.. pools];
        var driver = new Mock<IShareDriver>();
        driver.Setup(d => d.GetStatsAsync(It.IsAny<CancellationToken>()))
            .ReturnsAsync(() => new BackendStats { StorageProtocols = ["NFS", "CIFS"], Pools = _reported[backend] });
        var state = _registry.Find(backend)!;
        state.SetDriver(driver.Object);
        await _registry.RefreshStatsAsync(state, CancellationToken.None);
        Assert.That(state.IsUp, Is.True, state.Status.Reason);
    }

    private static PoolStats Stats(string name, double free, double total = 5000, bool thin = false, double ratio = 20, bool snapshots = true) => new()
    {
        Name = name,
        TotalCapacityGb = total,
        FreeCapacityGb = free,
        ProvisionedCapacityGb = total - free,
        ThinProvisioning = [thin],
        MaxOverSubscriptionRatio = ratio,
        SnapshotSupport = snapshots,
    };
}
