using ShareHost.Abstractions;

namespace ShareHost.Drivers.Dummy.Tests;

public sealed class DummyDriverStatsTests
{
    private static readonly Dictionary<string, string?> TwoPools = new()
    {
        ["Pools:0:Name"] = "pool-a",
        ["Pools:0:TotalCapacityGb"] = "100",
        ["Pools:0:ThinProvisioning:0"] = "true",
        ["Pools:0:Dedupe:0"] = "true",
        ["Pools:0:Dedupe:1"] = "false",
        ["Pools:0:Capabilities:fast"] = "true",
        ["Pools:0:Capabilities:iops"] = "5000",
        ["Pools:0:Capabilities:tier"] = "gold,silver",
        ["Pools:1:Name"] = "pool-b",
        ["Pools:1:TotalCapacityGb"] = "50",
        ["Pools:1:ReservedPercentage"] = "10",
        ["Pools:1:SnapshotSupport"] = "true",
        ["Pools:1:ReplicationType"] = "readable",
        ["VendorName"] = "Lab",
        ["DriverVersion"] = "2.5",
        ["StorageProtocols:0"] = "nfs",
        ["Addresses:0:Address"] = "127.0.0.1",
        ["Addresses:1:Address"] = "127.0.0.2",
        ["Addresses:1:Healthy"] = "false",
        ["Addresses:1:Weight"] = "0",
    };

    [Test]
    public async Task GetStats_TwoPools_ReportsEachPoolsCapacityAndCapabilities()
    {
        using var dummy = await DummyFixture.StartAsync(TwoPools);

        var stats = await dummy.Driver.GetStatsAsync(CancellationToken.None);

        var a = stats.Pools.Single(p => p.Name == "pool-a");
        var b = stats.Pools.Single(p => p.Name == "pool-b");
        Assert.Multiple(() =>
        {
            Assert.That(stats.Pools, Has.Count.EqualTo(2));
            Assert.That(stats.VendorName, Is.EqualTo("Lab"));
            Assert.That(stats.DriverVersion, Is.EqualTo("2.5"));
            Assert.That(stats.StorageProtocols, Is.EqualTo(new[] { "NFS" }));
            Assert.That(a.TotalCapacityGb, Is.EqualTo(100));
            Assert.That(a.FreeCapacityGb, Is.EqualTo(100));
            Assert.That(a.ProvisionedCapacityGb, Is.Zero);
            Assert.That(a.ThinProvisioning, Is.EqualTo(new[] { true }));
            Assert.That(a.Dedupe, Is.EqualTo(new[] { true, false }));
            Assert.That(a.Compression, Is.EqualTo(new[] { false }));
            Assert.That(a.Capabilities["fast"], Is.EqualTo(true));
            Assert.That(a.Capabilities["iops"], Is.EqualTo(5000.0));
            Assert.That(a.Capabilities["tier"], Is.EqualTo("gold,silver"));
            Assert.That(b.TotalCapacityGb, Is.EqualTo(50));
            Assert.That(b.ReservedPercentage, Is.EqualTo(10));
            Assert.That(b.SnapshotSupport, Is.True);
            Assert.That(b.ReplicationType, Is.EqualTo("readable"));
        });
    }

    [Test]
    public async Task GetStats_Addresses_ReportedWithHealthAndAWeightOfAtLeastOne()
    {
        using var dummy = await DummyFixture.StartAsync(TwoPools);

        var addresses = (await dummy.Driver.GetStatsAsync(CancellationToken.None)).Addresses;

        Assert.That(addresses.Select(a => (a.Address, a.Healthy, a.Weight)),
            Is.EqualTo(new[] { ("127.0.0.1", true, 1), ("127.0.0.2", false, 1) }));
    }

    [Test]
    public async Task GetStats_AfterCreatesAndDelete_CountsAllocatedCapacityPerPool()
    {
        using var dummy = await DummyFixture.StartAsync(TwoPools);
        var kept = DummyFixture.Share(sizeGb: 10);
        var deleted = DummyFixture.Share(sizeGb: 5);
        await dummy.Driver.CreateShareAsync(kept, CancellationToken.None);
        await dummy.Driver.CreateShareAsync(deleted, CancellationToken.None);
        await dummy.Driver.CreateShareAsync(DummyFixture.Share(sizeGb: 7, pool: "pool-b"), CancellationToken.None);

        await dummy.Driver.DeleteShareAsync(deleted, CancellationToken.None);

        var a = await dummy.PoolAsync("pool-a");
        var b = await dummy.PoolAsync("pool-b");
        Assert.Multiple(() =>
        {
            Assert.That(a.ProvisionedCapacityGb, Is.EqualTo(10));
            Assert.That(a.FreeCapacityGb, Is.EqualTo(90));
            Assert.That(b.ProvisionedCapacityGb, Is.EqualTo(7));
            Assert.That(b.FreeCapacityGb, Is.EqualTo(43));
        });
    }

    [Test]
    public async Task GetStats_NoPoolsConfigured_ReportsOnePoolNamedAfterTheBackendAndKeepsOtherOptions()
    {
        using var dummy = await DummyFixture.StartAsync(new Dictionary<string, string?>
        {
            ["VendorName"] = "Lab",
            ["Ipv6Support"] = "true",
        }, backend: "lab1");

        var stats = await dummy.Driver.GetStatsAsync(CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(stats.Pools.Single().Name, Is.EqualTo("fake_pool_for_lab1"));
            Assert.That(stats.VendorName, Is.EqualTo("Lab"));
            Assert.That(stats.Ipv6Support, Is.True);
        });
    }

    [Test]
    public void Initialize_SamePoolTwice_ThrowsShareDriverException()
    {
        var options = new Dictionary<string, string?> { ["Pools:0:Name"] = "twin", ["Pools:1:Name"] = "twin" };

        var failure = Assert.ThrowsAsync<ShareDriverException>(() => DummyFixture.StartAsync(options));

        Assert.That(failure!.Message, Does.Contain("pool 'twin' is configured twice"));
    }
}
