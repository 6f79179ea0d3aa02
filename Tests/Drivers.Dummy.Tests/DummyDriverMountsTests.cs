using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using ShareHost.Abstractions;

namespace ShareHost.Drivers.Dummy.Tests;

/// <summary>The Dummy's address picking (least-loaded healthy, sticky, injectable faults) and its fencing of stale writers.</summary>
public sealed class DummyDriverMountsTests
{
    [Test]
    public async Task PickAddress_ChoosesTheLeastLoadedHealthyCandidate()
    {
        using var dummy = await DummyFixture.StartAsync();

        var choice = await dummy.Driver.PickAddressAsync(Request(("a", true, 5), ("b", false, 0), ("c", true, 2), ("d", true, 2)), CancellationToken.None);

        Assert.That(choice.Address, Is.EqualTo("c"), "b is unhealthy; c and d tie, the first in the pool's order wins");
    }

    [Test]
    public async Task PickAddress_ClientsCurrentAddressHealthy_KeepsIt()
    {
        using var dummy = await DummyFixture.StartAsync();

        var kept = await dummy.Driver.PickAddressAsync(Request(current: "a", ("a", true, 9), ("b", true, 0)), CancellationToken.None);
        var moved = await dummy.Driver.PickAddressAsync(Request(current: "a", ("a", false, 9), ("b", true, 0)), CancellationToken.None);

        Assert.That(kept.Address, Is.EqualTo("a"));
        Assert.That(moved.Address, Is.EqualTo("b"));
    }

    [Test]
    public async Task PickAddress_NoHealthyCandidate_Throws()
    {
        using var dummy = await DummyFixture.StartAsync();

        Assert.ThrowsAsync<ShareDriverException>(() => dummy.Driver.PickAddressAsync(Request(("a", false, 0)), CancellationToken.None));
    }

    [Test]
    public async Task PickAddress_InjectedFaultAndFixedAnswer_AreReadLive()
    {
        using var dummy = await DummyFixture.StartAsync();

        dummy.Options["Faults:PickAddress:FailEveryNth"] = "1";
        var failure = Assert.ThrowsAsync<ShareDriverException>(() => dummy.Driver.PickAddressAsync(Request(("a", true, 0)), CancellationToken.None));
        dummy.Options["Faults:PickAddress:FailEveryNth"] = "0";
        dummy.Options["Mounts:AnswerAddress"] = "203.0.113.1";
        var wrong = await dummy.Driver.PickAddressAsync(Request(("a", true, 0)), CancellationToken.None);

        Assert.That(failure!.Message, Does.Contain("PickAddress"));
        Assert.That(wrong.Address, Is.EqualTo("203.0.113.1"));
    }

    [Test]
    public async Task PickAddress_Latency_HonoursCancellationUnlessToldToIgnoreIt()
    {
        using var dummy = await DummyFixture.StartAsync();
        dummy.Options["Mounts:PickLatencyMs"] = "30000";
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));

        Assert.CatchAsync<OperationCanceledException>(() => dummy.Driver.PickAddressAsync(Request(("a", true, 0)), cancel.Token));
        dummy.Options["Mounts:PickIgnoresCancellation"] = "true";
        using var again = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));
        var hanging = dummy.Driver.PickAddressAsync(Request(("a", true, 0)), again.Token);
        await Task.Delay(300);

        Assert.That(hanging.IsCompleted, Is.False, "a picker that ignores cancellation is still running after its token fired");
    }

    [Test]
    public async Task ChangeWithALowerFencingTokenThanSeen_IsRefusedAsAStaleWriter()
    {
        using var dummy = await DummyFixture.StartAsync(new Dictionary<string, string?> { ["Pools:0:Name"] = "pool-a" });
        var share = DummyFixture.Share(sizeGb: 1);
        await dummy.Driver.CreateShareAsync(share, CancellationToken.None);

        await dummy.Driver.ExtendShareAsync(WithToken(share, 7), 2, CancellationToken.None);
        await dummy.Driver.ExtendShareAsync(WithToken(share, 7), 3, CancellationToken.None);
        var stale = Assert.ThrowsAsync<ShareDriverException>(() => dummy.Driver.ShrinkShareAsync(WithToken(share, 6), 1, CancellationToken.None));
        var staleDelete = Assert.ThrowsAsync<ShareDriverException>(() => dummy.Driver.DeleteShareAsync(WithToken(share, 0), CancellationToken.None));
        await dummy.Driver.ShrinkShareAsync(WithToken(share, 8), 1, CancellationToken.None);

        Assert.That(stale!.Message, Does.Contain("stale writer").And.Contain("token 6").And.Contain("seen 7"));
        Assert.That(staleDelete!.Message, Does.Contain("stale writer"));
    }

    [Test]
    public async Task Stats_ReportTheOwnershipTokenAndMountOptions()
    {
        var options = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Pools:0:Name"] = "pool-a",
            ["Mounts:MountOptions:nfs"] = "vers=4.1",
        }).Build();
        var directory = DummyFixture.NewDirectory();
        using var driver = new DummyDriver();
        await driver.InitializeAsync(new DriverContext
        {
            BackendName = "unit",
            HostName = "test",
            AvailabilityZone = "az1",
            Options = options,
            Logger = NullLogger.Instance,
            StateDirectory = directory,
            OwnershipToken = 42,
        }, CancellationToken.None);

        var stats = await driver.GetStatsAsync(CancellationToken.None);

        Assert.That(stats.Pools.Single().Capabilities["ownership_token"], Is.EqualTo(42L));
        Assert.That(stats.MountOptions["NFS"], Is.EqualTo("vers=4.1"));
    }

    private static DriverShare WithToken(DriverShare share, long token) => new()
    {
        Id = share.Id,
        ShareId = share.ShareId,
        Name = share.Name,
        ProjectId = share.ProjectId,
        SizeGb = share.SizeGb,
        Protocol = share.Protocol,
        PoolName = share.PoolName,
        FencingToken = token,
    };

    private static AddressPickRequest Request(params (string Address, bool Healthy, int Live)[] candidates) => Request(null, candidates);

    private static AddressPickRequest Request(string? current, params (string Address, bool Healthy, int Live)[] candidates) => new()
    {
        Share = DummyFixture.Share(),
        Client = "192.0.2.1",
        AccessLevel = "rw",
        CurrentAddress = current,
        Candidates = candidates.Select(c => new AddressCandidate { Address = c.Address, Healthy = c.Healthy, LiveLeases = c.Live }).ToList(),
    };
}
