using ShareHost.Abstractions;

namespace ShareHost.Drivers.Dummy.Tests;

/// <summary>
/// The Dummy's snapshots: a content version per share instance that snapshots capture, revert restores (keeping every
/// snapshot) and shares created from a snapshot start with; read-only snapshot exports and rules; the journal.
/// </summary>
public sealed class DummyDriverSnapshotTests
{
    private static readonly Dictionary<string, string?> Options = new()
    {
        ["Pools:0:Name"] = "pool-a",
        ["Pools:0:TotalCapacityGb"] = "100",
        ["Pools:1:Name"] = "pool-b",
        ["Pools:1:MountSnapshotSupport"] = "false",
    };

    [Test]
    public async Task Stats_DefaultPools_AdvertiseEverySnapshotCapability()
    {
        using var dummy = await DummyFixture.StartAsync();

        var pool = (await dummy.Driver.GetStatsAsync(CancellationToken.None)).Pools.Single();

        Assert.That(new[] { pool.SnapshotSupport, pool.CreateShareFromSnapshotSupport, pool.RevertToSnapshotSupport, pool.MountSnapshotSupport }, Is.All.True);
        Assert.That(dummy.Driver, Is.InstanceOf<ISnapshotDriver>().And.InstanceOf<IRevertToSnapshotDriver>()
            .And.InstanceOf<IShareFromSnapshotDriver>().And.InstanceOf<ISnapshotAccessDriver>());
    }

    [Test]
    public async Task Revert_ToASnapshot_RestoresItsContentAndSizeAndKeepsEverySnapshot()
    {
        using var dummy = await DummyFixture.StartAsync(Options);
        var share = DummyFixture.Share(sizeGb: 1);
        await dummy.Driver.CreateShareAsync(share, CancellationToken.None);
        dummy.Driver.Write(share.Id);
        var first = Snapshot(share);
        await dummy.Driver.CreateSnapshotAsync(first, CancellationToken.None);
        var captured = dummy.Driver.Write(share.Id);
        var second = Snapshot(share);
        await dummy.Driver.CreateSnapshotAsync(second, CancellationToken.None);
        dummy.Driver.Write(share.Id);
        await dummy.Driver.ExtendShareAsync(share, 5, CancellationToken.None);

        await dummy.Driver.RevertToSnapshotAsync(share, second, CancellationToken.None);
        var pool = await dummy.PoolAsync();

        Assert.Multiple(() =>
        {
            Assert.That(dummy.Driver.ContentVersion(share.Id), Is.EqualTo(captured));
            Assert.That(dummy.Driver.ContentVersion(second.Id), Is.EqualTo(captured));
            Assert.That(dummy.Driver.ContentVersion(first.Id), Is.EqualTo(captured - 1));
            Assert.That(dummy.Driver.SnapshotsOf(share.Id), Is.EquivalentTo(new[] { first.Id, second.Id }));
            Assert.That(pool.ProvisionedCapacityGb, Is.EqualTo(1));
        });
    }

    [Test]
    public async Task Revert_SnapshotOfAnotherShare_Refused()
    {
        using var dummy = await DummyFixture.StartAsync(Options);
        var share = DummyFixture.Share();
        var other = DummyFixture.Share();
        await dummy.Driver.CreateShareAsync(share, CancellationToken.None);
        await dummy.Driver.CreateShareAsync(other, CancellationToken.None);
        var snapshot = Snapshot(other);
        await dummy.Driver.CreateSnapshotAsync(snapshot, CancellationToken.None);

        Assert.ThrowsAsync<ShareDriverException>(() => dummy.Driver.RevertToSnapshotAsync(share, snapshot, CancellationToken.None));
    }

    [Test]
    public async Task CreateShareFromSnapshot_StartsWithTheSnapshotsContent()
    {
        using var dummy = await DummyFixture.StartAsync(Options);
        var share = DummyFixture.Share();
        await dummy.Driver.CreateShareAsync(share, CancellationToken.None);
        var captured = dummy.Driver.Write(share.Id);
        var snapshot = Snapshot(share);
        await dummy.Driver.CreateSnapshotAsync(snapshot, CancellationToken.None);
        dummy.Driver.Write(share.Id);
        var clone = DummyFixture.Share(sizeGb: 2, pool: "pool-b");

        var result = await dummy.Driver.CreateShareFromSnapshotAsync(clone, snapshot, CancellationToken.None);
        var again = await dummy.Driver.CreateShareFromSnapshotAsync(clone, snapshot, CancellationToken.None);

        Assert.That(dummy.Driver.ContentVersion(clone.Id), Is.EqualTo(captured));
        Assert.That(result.ExportLocations.Select(e => e.Path), Is.EqualTo(again.ExportLocations.Select(e => e.Path)), "idempotent");
    }

    [Test]
    public async Task CreateShareFromSnapshot_OtherBackendSameReplicationDomain_Works_OtherDomainRefused()
    {
        var domain = Guid.NewGuid().ToString();
        using var source = await DummyFixture.StartAsync(new Dictionary<string, string?> { ["Pools:0:Name"] = "p", ["Pools:0:ReplicationDomain"] = domain }, backend: "one");
        using var sameDomain = await DummyFixture.StartAsync(new Dictionary<string, string?> { ["Pools:0:Name"] = "p", ["Pools:0:ReplicationDomain"] = domain }, backend: "two");
        using var otherDomain = await DummyFixture.StartAsync(new Dictionary<string, string?> { ["Pools:0:Name"] = "p", ["Pools:0:ReplicationDomain"] = "elsewhere" }, backend: "three");
        var share = DummyFixture.Share(pool: "p");
        await source.Driver.CreateShareAsync(share, CancellationToken.None);
        var captured = source.Driver.Write(share.Id);
        var snapshot = Snapshot(share);
        await source.Driver.CreateSnapshotAsync(snapshot, CancellationToken.None);
        var clone = DummyFixture.Share(pool: "p");

        await sameDomain.Driver.CreateShareFromSnapshotAsync(clone, snapshot, CancellationToken.None);

        Assert.That(sameDomain.Driver.ContentVersion(clone.Id), Is.EqualTo(captured));
        Assert.ThrowsAsync<ShareDriverException>(() => otherDomain.Driver.CreateShareFromSnapshotAsync(DummyFixture.Share(pool: "p"), snapshot, CancellationToken.None));
    }

    [Test]
    public async Task CreateSnapshot_MountablePool_ReadOnlyExports_OtherPoolNone()
    {
        using var dummy = await DummyFixture.StartAsync(Options);
        var mountable = DummyFixture.Share(pool: "pool-a");
        var plain = DummyFixture.Share(pool: "pool-b");
        await dummy.Driver.CreateShareAsync(mountable, CancellationToken.None);
        await dummy.Driver.CreateShareAsync(plain, CancellationToken.None);

        var exported = await dummy.Driver.CreateSnapshotAsync(Snapshot(mountable), CancellationToken.None);
        var none = await dummy.Driver.CreateSnapshotAsync(Snapshot(plain), CancellationToken.None);

        Assert.That(exported.ExportLocations, Has.Count.EqualTo(2).And.All.Matches<ExportPath>(e => e.ReadOnly));
        Assert.That(exported.ExportLocations.Count(e => e.IsAdminOnly), Is.EqualTo(1));
        Assert.That(exported.ProviderLocation, Does.StartWith("dummy:pool-a/"));
        Assert.That(none.ExportLocations, Is.Empty);
    }

    [Test]
    public async Task UpdateSnapshotAccess_AdmitsReadOnlyIpRulesAndRefusesTheRest()
    {
        using var dummy = await DummyFixture.StartAsync(Options);
        var share = DummyFixture.Share();
        await dummy.Driver.CreateShareAsync(share, CancellationToken.None);
        var snapshot = Snapshot(share);
        await dummy.Driver.CreateSnapshotAsync(snapshot, CancellationToken.None);
        DriverAccessRule[] rules =
        [
            new() { Id = "ok", AccessType = "ip", AccessTo = "10.0.0.0/24", AccessLevel = "ro" },
            new() { Id = "rw", AccessType = "ip", AccessTo = "10.0.1.1", AccessLevel = "rw" },
            new() { Id = "user", AccessType = "user", AccessTo = "alice", AccessLevel = "ro" },
        ];

        var results = await dummy.Driver.UpdateSnapshotAccessAsync(new SnapshotAccessUpdate { Snapshot = snapshot, Rules = rules, AddRules = rules }, CancellationToken.None);

        Assert.That(results.Select(r => (r.RuleId, r.Outcome)), Is.EquivalentTo(new[] { ("rw", AccessRuleOutcome.Error), ("user", AccessRuleOutcome.Error) }));
        Assert.That(dummy.Driver.SnapshotAccess(snapshot.Id), Is.EqualTo(new[] { "ip:10.0.0.0/24 ro" }));
    }

    [Test]
    public async Task DeleteSnapshot_Twice_SecondIsNotFound()
    {
        using var dummy = await DummyFixture.StartAsync(Options);
        var share = DummyFixture.Share();
        await dummy.Driver.CreateShareAsync(share, CancellationToken.None);
        var snapshot = Snapshot(share);
        await dummy.Driver.CreateSnapshotAsync(snapshot, CancellationToken.None);

        await dummy.Driver.DeleteSnapshotAsync(snapshot, CancellationToken.None);

        Assert.ThrowsAsync<ShareNotFoundException>(() => dummy.Driver.DeleteSnapshotAsync(snapshot, CancellationToken.None));
        Assert.That(dummy.Driver.SnapshotsOf(share.Id), Is.Empty);
    }

    [Test]
    public async Task StateFile_NewInstance_FindsSnapshotsAndContentVersions()
    {
        var directory = DummyFixture.NewDirectory();
        var options = new Dictionary<string, string?>(Options) { ["StateFile"] = "state.jsonl" };
        var share = DummyFixture.Share();
        var kept = Snapshot(share);
        var removed = Snapshot(share);
        long captured;
        using (var first = await DummyFixture.StartAsync(options, directory))
        {
            await first.Driver.CreateShareAsync(share, CancellationToken.None);
            captured = first.Driver.Write(share.Id);
            await first.Driver.CreateSnapshotAsync(kept, CancellationToken.None);
            await first.Driver.CreateSnapshotAsync(removed, CancellationToken.None);
            await first.Driver.DeleteSnapshotAsync(removed, CancellationToken.None);
            first.Driver.Write(share.Id);
            first.Driver.Dispose();

            var second = new DummyDriver();
            await second.InitializeAsync(DummyFixture.Context(first.Options, directory), CancellationToken.None);
            var snapshots = second.SnapshotsOf(share.Id);
            var snapshotVersion = second.ContentVersion(kept.Id);
            var shareVersion = second.ContentVersion(share.Id);
            second.Dispose();

            Assert.That(snapshots, Is.EqualTo(new[] { kept.Id }));
            Assert.That(snapshotVersion, Is.EqualTo(captured));
            Assert.That(shareVersion, Is.EqualTo(captured + 1));
        }
    }

    [Test]
    public async Task Faults_CreateSnapshot_FailsAsConfigured()
    {
        using var dummy = await DummyFixture.StartAsync(new Dictionary<string, string?>(Options) { ["Faults:CreateSnapshot:FailEveryNth"] = "1" });
        var share = DummyFixture.Share();
        await dummy.Driver.CreateShareAsync(share, CancellationToken.None);

        Assert.ThrowsAsync<ShareDriverException>(() => dummy.Driver.CreateSnapshotAsync(Snapshot(share), CancellationToken.None));
    }

    private static DriverSnapshot Snapshot(DriverShare share)
    {
        var id = Guid.NewGuid().ToString();
        return new DriverSnapshot { Id = id, SnapshotId = "snapshot-of-" + id, Name = "snapshot-" + id, Share = share, SizeGb = share.SizeGb };
    }
}
