using ShareHost.Abstractions;
using ShareHost.Drivers.Local.Tests.Lab;
using static ShareHost.Drivers.Local.Tests.Lab.DriverHarness;

namespace ShareHost.Drivers.Local.Tests.Driver;

/// <summary>NFS shares through Ganesha, driven directly: real exports, real clients (libnfs) on loopback.</summary>
public sealed class NfsShareTests
{
    private DriverHarness _lab = null!;

    [OneTimeSetUp]
    public async Task StartAsync() => _lab = await DriverHarness.StartAsync();

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        if (_lab is not null)
        {
            await _lab.DisposeAsync();
        }
    }

    [Test]
    public async Task CreateShare_RwRuleForClient_ClientWritesAndReadsThroughEveryAddress()
    {
        var share = Share();
        var created = await _lab.Driver.CreateShareAsync(share, CancellationToken.None);
        var path = created.ExportLocations.Single().Path;

        var results = await _lab.AllowAsync(share, Rule("ip", "127.0.0.1"));

        Assert.That(results.Where(r => r.Outcome == AccessRuleOutcome.Error), Is.Empty);
        Assert.That(path, Is.EqualTo($"/shares/{share.Name}"));
        var write = await Clients.NfsWriteAsync(First, _lab.NfsPort, path, "hello.txt", "hello through ganesha");
        Assert.That(write.Succeeded, write.All);
        foreach (var address in new[] { First, Second })
        {
            var read = await Clients.NfsReadAsync(address, _lab.NfsPort, path, "hello.txt");
            Assert.That(read.Output, Is.EqualTo("hello through ganesha"), $"{address}: {read.All}");
        }

        Assert.That(File.ReadAllText(Path.Combine(LocalLab.PoolA, "shares", share.Name, "hello.txt")), Is.EqualTo("hello through ganesha"));
    }

    [Test]
    public async Task UpdateAccess_RoRule_ClientReadsButCannotWrite()
    {
        var share = Share();
        var path = (await _lab.Driver.CreateShareAsync(share, CancellationToken.None)).ExportLocations[0].Path;
        await _lab.AllowAsync(share, Rule("ip", "127.0.0.1"));
        Assert.That((await Clients.NfsWriteAsync(First, _lab.NfsPort, path, "before.txt", "written while rw")).Succeeded);

        await _lab.AllowAsync(share, Rule("ip", "127.0.0.1", "ro"));

        var read = await Clients.NfsReadAsync(First, _lab.NfsPort, path, "before.txt");
        var write = await Clients.NfsWriteAsync(First, _lab.NfsPort, path, "after.txt", "must not land");
        Assert.That(read.Output, Is.EqualTo("written while rw"), read.All);
        Assert.That(write.Succeeded, Is.False, write.All);
        Assert.That(write.All, Does.Contain("ROFS"));
        Assert.That(File.Exists(Path.Combine(LocalLab.PoolA, "shares", share.Name, "after.txt")), Is.False);
    }

    [Test]
    public async Task UpdateAccess_ClientWithoutRule_CannotReadWhileARuledAddressCan()
    {
        var share = Share();
        var path = (await _lab.Driver.CreateShareAsync(share, CancellationToken.None)).ExportLocations[0].Path;
        await _lab.AllowAsync(share, Rule("ip", "127.0.0.1"), Rule("ip", "127.0.0.8/30", "ro"));
        await Clients.NfsWriteAsync(First, _lab.NfsPort, path, "secret.txt", "for ruled clients only");

        var outsider = await Clients.NfsReadAsync(First, _lab.NfsPort, path, "secret.txt", from: "127.0.0.20");
        var inNetwork = await Clients.NfsReadAsync(First, _lab.NfsPort, path, "secret.txt", from: "127.0.0.9");

        Assert.That(outsider.Succeeded, Is.False, outsider.All);
        Assert.That(outsider.All, Does.Contain("NFS4ERR"));
        Assert.That(inNetwork.Output, Is.EqualTo("for ruled clients only"), "the shim must make a client appear from 127.0.0.9: " + inNetwork.All);
    }

    [Test]
    public async Task UpdateAccess_RuleRemoved_ClientLosesAccess()
    {
        var share = Share();
        var path = (await _lab.Driver.CreateShareAsync(share, CancellationToken.None)).ExportLocations[0].Path;
        var rule = Rule("ip", "127.0.0.1");
        await _lab.AllowAsync(share, rule);
        await Clients.NfsWriteAsync(First, _lab.NfsPort, path, "f.txt", "x");

        await _lab.Driver.UpdateAccessAsync(new AccessUpdate { Share = share, Rules = [], DeleteRules = [rule] }, CancellationToken.None);

        var read = await Clients.NfsReadAsync(First, _lab.NfsPort, path, "f.txt");
        Assert.That(read.Succeeded, Is.False, read.All);
    }

    [Test]
    public async Task UpdateAccess_RulesItCannotHonour_ErrorPerRuleOthersApplied()
    {
        var share = Share();
        var path = (await _lab.Driver.CreateShareAsync(share, CancellationToken.None)).ExportLocations[0].Path;
        var good = Rule("ip", "127.0.0.1");
        var user = Rule("user", "alice");
        var garbage = Rule("ip", "127.0.0.300");
        var level = Rule("ip", "127.0.0.5", "admin");

        var results = await _lab.AllowAsync(share, good, user, garbage, level);

        Assert.That(results.Where(r => r.Outcome == AccessRuleOutcome.Error).Select(r => r.RuleId), Is.EquivalentTo(new[] { user.Id, garbage.Id, level.Id }));
        Assert.That(results.Single(r => r.RuleId == user.Id).Message, Does.Contain("'ip' rules"));
        Assert.That(results.Single(r => r.RuleId == garbage.Id).Message, Does.Contain("not an IP address"));
        Assert.That(results.Any(r => r.RuleId == good.Id && r.Outcome == AccessRuleOutcome.Error), Is.False);
        Assert.That((await Clients.NfsWriteAsync(First, _lab.NfsPort, path, "ok.txt", "good rule applied")).Succeeded);
    }

    [Test]
    public async Task CreateShare_Repeated_SameExportAndDataKept()
    {
        var share = Share();
        var first = await _lab.Driver.CreateShareAsync(share, CancellationToken.None);
        await _lab.AllowAsync(share, Rule("ip", "127.0.0.1"));
        await Clients.NfsWriteAsync(First, _lab.NfsPort, first.ExportLocations[0].Path, "kept.txt", "still here");

        var again = await _lab.Driver.CreateShareAsync(share, CancellationToken.None);

        Assert.That(again.ExportLocations.Select(e => e.Path), Is.EqualTo(first.ExportLocations.Select(e => e.Path)));
        Assert.That((await Clients.NfsReadAsync(First, _lab.NfsPort, again.ExportLocations[0].Path, "kept.txt")).Output, Is.EqualTo("still here"));
    }

    [Test]
    public async Task DeleteShare_Twice_SubvolumeExportAndMountGone()
    {
        var share = Share();
        var path = (await _lab.Driver.CreateShareAsync(share, CancellationToken.None)).ExportLocations[0].Path;
        await _lab.AllowAsync(share, Rule("ip", "127.0.0.1"));

        await _lab.Driver.DeleteShareAsync(share, CancellationToken.None);
        await _lab.Driver.DeleteShareAsync(share, CancellationToken.None);

        Assert.That(Directory.Exists(Path.Combine(LocalLab.PoolA, "shares", share.Name)), Is.False);
        Assert.That(File.ReadAllText("/proc/self/mountinfo"), Does.Not.Contain(share.Name));
        Assert.That(Directory.GetFiles(Path.Combine(_lab.StateDirectory, "nfs", "exports.d")).Select(Path.GetFileName), Does.Not.Contain(share.Name + ".conf"));
        Assert.That((await Clients.NfsListAsync(First, _lab.NfsPort, path)).Succeeded, Is.False);
    }

    [Test]
    public async Task CreateShare_DirectoryPool_ServedWithoutLimits()
    {
        var share = Share(pool: "dir");
        var path = (await _lab.Driver.CreateShareAsync(share, CancellationToken.None)).ExportLocations[0].Path;
        await _lab.AllowAsync(share, Rule("ip", "127.0.0.1"));

        var write = await Clients.NfsWriteAsync(Second, _lab.NfsPort, path, "plain.txt", "in a folder pool");

        Assert.That(write.Succeeded, write.All);
        Assert.That(File.ReadAllText(Path.Combine(LocalLab.PoolDir, "shares", share.Name, "plain.txt")), Is.EqualTo("in a folder pool"));
    }

    [Test]
    public async Task GetStats_RealFilesystems_CapacityCapabilitiesAddressesAndMountOptions()
    {
        var stats = await _lab.Driver.GetStatsAsync(CancellationToken.None);

        var a = stats.Pools.Single(p => p.Name == "a");
        var dir = stats.Pools.Single(p => p.Name == "dir");
        Assert.Multiple(() =>
        {
            // 768 MiB in 8 MiB units.
            Assert.That(a.TotalCapacityGb, Is.EqualTo(96).Within(0.5));
            Assert.That(a.FreeCapacityGb, Is.GreaterThan(40).And.LessThanOrEqualTo(96));
            Assert.That(a.SnapshotSupport && a.RevertToSnapshotSupport && a.CreateShareFromSnapshotSupport && a.MountSnapshotSupport, Is.True);
            Assert.That(a.Capabilities["size_limit_support"], Is.True);
            Assert.That(dir.SnapshotSupport || dir.RevertToSnapshotSupport || dir.MountSnapshotSupport, Is.False);
            Assert.That(dir.Capabilities["size_limit_support"], Is.False);
            Assert.That(stats.StorageProtocols, Is.EquivalentTo(new[] { "NFS", "CIFS" }));
            Assert.That(stats.Addresses.Select(x => (x.Address, x.Healthy)), Is.EquivalentTo(new[] { (First, true), (Second, true) }));
            Assert.That(stats.MountOptions["NFS"], Is.EqualTo($"vers=4.1,port={_lab.NfsPort}"));
            Assert.That(stats.MountOptions["CIFS"], Is.EqualTo($"port={_lab.CifsPort}"));
        });
    }
}
