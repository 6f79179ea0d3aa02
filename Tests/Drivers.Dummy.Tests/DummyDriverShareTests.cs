using ShareHost.Abstractions;

namespace ShareHost.Drivers.Dummy.Tests;

public sealed class DummyDriverShareTests
{
    private static readonly Dictionary<string, string?> Options = new()
    {
        ["Pools:0:Name"] = "pool-a",
        ["Pools:0:TotalCapacityGb"] = "100",
        ["UsedGb"] = "4",
    };

    [Test]
    public async Task CreateShare_Nfs_ReturnsPreferredPathAndAdminOnlyPathWithoutAddress()
    {
        using var dummy = await DummyFixture.StartAsync(Options);
        var share = DummyFixture.Share(id: "i-1");

        var result = await dummy.Driver.CreateShareAsync(share, CancellationToken.None);

        Assert.That(result.ExportLocations.Select(e => (e.Path, e.Preferred, e.IsAdminOnly)), Is.EqualTo(new[]
        {
            ("/shares/share-i-1", true, false),
            ("/admin/shares/share-i-1", false, true),
        }));
    }

    [Test]
    public async Task CreateShare_Cifs_ExportsTheShareName()
    {
        using var dummy = await DummyFixture.StartAsync(Options);

        var result = await dummy.Driver.CreateShareAsync(DummyFixture.Share(id: "i-2", protocol: "CIFS"), CancellationToken.None);

        Assert.That(result.ExportLocations.Select(e => e.Path), Is.EqualTo(new[] { "share-i-2", "share-i-2-admin" }));
    }

    [Test]
    public async Task CreateShare_SameInstanceTwice_IsIdempotent()
    {
        using var dummy = await DummyFixture.StartAsync(Options);
        var share = DummyFixture.Share(sizeGb: 10);
        var first = await dummy.Driver.CreateShareAsync(share, CancellationToken.None);

        var second = await dummy.Driver.CreateShareAsync(share, CancellationToken.None);

        Assert.That(second.ExportLocations.Select(e => e.Path), Is.EqualTo(first.ExportLocations.Select(e => e.Path)));
        Assert.That((await dummy.PoolAsync()).ProvisionedCapacityGb, Is.EqualTo(10), "the retry must not allocate a second copy");
    }

    [Test]
    public async Task CreateShare_UnknownPool_ThrowsAndStoresNothing()
    {
        using var dummy = await DummyFixture.StartAsync(Options);

        var failure = Assert.ThrowsAsync<ShareDriverException>(() => dummy.Driver.CreateShareAsync(DummyFixture.Share(pool: "elsewhere"), CancellationToken.None));

        Assert.That(failure!.UserMessage, Does.Contain("no pool 'elsewhere'"));
        Assert.That((await dummy.PoolAsync()).ProvisionedCapacityGb, Is.Zero);
    }

    [Test]
    public async Task CreateShare_ProtocolNotServed_Throws()
    {
        var options = new Dictionary<string, string?>(Options) { ["StorageProtocols:0"] = "NFS" };
        using var dummy = await DummyFixture.StartAsync(options);

        var failure = Assert.ThrowsAsync<ShareDriverException>(() => dummy.Driver.CreateShareAsync(DummyFixture.Share(protocol: "CIFS"), CancellationToken.None));

        Assert.That(failure!.UserMessage, Does.Contain("does not serve CIFS"));
    }

    [Test]
    public async Task DeleteShare_Unknown_ThrowsShareNotFound()
    {
        using var dummy = await DummyFixture.StartAsync(Options);

        Assert.ThrowsAsync<ShareNotFoundException>(() => dummy.Driver.DeleteShareAsync(DummyFixture.Share(), CancellationToken.None));
    }

    [Test]
    public async Task DeleteShare_Twice_SecondThrowsShareNotFound()
    {
        using var dummy = await DummyFixture.StartAsync(Options);
        var share = DummyFixture.Share();
        await dummy.Driver.CreateShareAsync(share, CancellationToken.None);

        await dummy.Driver.DeleteShareAsync(share, CancellationToken.None);

        Assert.ThrowsAsync<ShareNotFoundException>(() => dummy.Driver.DeleteShareAsync(share, CancellationToken.None));
    }

    [Test]
    public async Task ExtendShare_Existing_GrowsAllocatedCapacity()
    {
        using var dummy = await DummyFixture.StartAsync(Options);
        var share = DummyFixture.Share(sizeGb: 5);
        await dummy.Driver.CreateShareAsync(share, CancellationToken.None);

        await dummy.Driver.ExtendShareAsync(share, 8, CancellationToken.None);

        Assert.That((await dummy.PoolAsync()).ProvisionedCapacityGb, Is.EqualTo(8));
    }

    [Test]
    public async Task ExtendShare_Unknown_ThrowsShareNotFound()
    {
        using var dummy = await DummyFixture.StartAsync(Options);

        Assert.ThrowsAsync<ShareNotFoundException>(() => dummy.Driver.ExtendShareAsync(DummyFixture.Share(), 9, CancellationToken.None));
    }

    [Test]
    public async Task ShrinkShare_BelowUsedGb_ThrowsPossibleDataLossAndKeepsTheSize()
    {
        using var dummy = await DummyFixture.StartAsync(Options);
        var share = DummyFixture.Share(sizeGb: 10);
        await dummy.Driver.CreateShareAsync(share, CancellationToken.None);

        var failure = Assert.ThrowsAsync<ShareShrinkingPossibleDataLossException>(() => dummy.Driver.ShrinkShareAsync(share, 3, CancellationToken.None));

        Assert.That(failure!.UserMessage, Does.Contain("uses 4 GiB"));
        Assert.That((await dummy.PoolAsync()).ProvisionedCapacityGb, Is.EqualTo(10));
    }

    [Test]
    public async Task ShrinkShare_ToExactlyUsedGb_Shrinks()
    {
        using var dummy = await DummyFixture.StartAsync(Options);
        var share = DummyFixture.Share(sizeGb: 10);
        await dummy.Driver.CreateShareAsync(share, CancellationToken.None);

        await dummy.Driver.ShrinkShareAsync(share, 4, CancellationToken.None);

        Assert.That((await dummy.PoolAsync()).ProvisionedCapacityGb, Is.EqualTo(4));
    }

    [Test]
    public async Task EnsureShares_KnownAndUnknown_ReportsAvailableWithExportsAndNotFound()
    {
        using var dummy = await DummyFixture.StartAsync(Options);
        var known = DummyFixture.Share(id: "known");
        await dummy.Driver.CreateShareAsync(known, CancellationToken.None);

        var results = await dummy.Driver.EnsureSharesAsync([known, DummyFixture.Share(id: "ghost")], CancellationToken.None);

        var found = results.Single(r => r.Id == "known");
        var missing = results.Single(r => r.Id == "ghost");
        Assert.Multiple(() =>
        {
            Assert.That(found.Status, Is.EqualTo(EnsureStatus.Available));
            Assert.That(found.ExportLocations!.Select(e => e.Path), Does.Contain("/shares/share-known"));
            Assert.That(missing.Status, Is.EqualTo(EnsureStatus.NotFound));
            Assert.That(missing.Message, Is.Not.Empty);
        });
    }
}
