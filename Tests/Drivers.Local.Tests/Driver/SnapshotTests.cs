using ShareHost.Abstractions;
using ShareHost.Drivers.Local.Tests.Lab;
using static ShareHost.Drivers.Local.Tests.Lab.DriverHarness;

namespace ShareHost.Drivers.Local.Tests.Driver;

/// <summary>Read-only btrfs snapshots: revert keeping every snapshot, shares from snapshots, read-only snapshot exports.</summary>
public sealed class SnapshotTests
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
    public async Task RevertToSnapshot_AfterWrites_OldContentBackEverySnapshotKept()
    {
        var share = Share();
        var path = await CreateWritableAsync(share);
        await Clients.NfsWriteAsync(First, _lab.NfsPort, path, "v1.txt", "version one");
        var first = Snapshot(share);
        await _lab.Driver.CreateSnapshotAsync(first, CancellationToken.None);
        await Clients.NfsWriteAsync(First, _lab.NfsPort, path, "v2.txt", "version two");
        var second = Snapshot(share);
        await _lab.Driver.CreateSnapshotAsync(second, CancellationToken.None);
        await Clients.NfsWriteAsync(First, _lab.NfsPort, path, "v3.txt", "written after the last snapshot");
        // Read once through the export so Ganesha has the directory and file attributes cached.
        Assert.That((await Clients.NfsReadAsync(Second, _lab.NfsPort, path, "v3.txt")).Succeeded);

        await _lab.Driver.RevertToSnapshotAsync(share, second, CancellationToken.None);

        foreach (var address in new[] { First, Second })
        {
            var listing = await Clients.NfsListAsync(address, _lab.NfsPort, path);
            Assert.That(listing.Output, Does.Contain("v1.txt").And.Contain("v2.txt").And.Not.Contain("v3.txt"), $"{address}: {listing.All}");
            Assert.That((await Clients.NfsReadAsync(address, _lab.NfsPort, path, "v2.txt")).Output, Is.EqualTo("version two"));
            Assert.That((await Clients.NfsReadAsync(address, _lab.NfsPort, path, "v3.txt")).Succeeded, Is.False);
        }

        Assert.That(Directory.Exists(Path.Combine(LocalLab.PoolA, "snapshots", first.Name)), Is.True);
        Assert.That(Directory.Exists(Path.Combine(LocalLab.PoolA, "snapshots", second.Name)), Is.True);
        Assert.That(Directory.GetFileSystemEntries(Path.Combine(LocalLab.PoolA, "shares")).Select(Path.GetFileName), Has.None.StartsWith("." + share.Name));
        var write = await Clients.NfsWriteAsync(First, _lab.NfsPort, path, "after-revert.txt", "the reverted share takes writes");
        Assert.That(write.Succeeded, write.All);
    }

    [Test]
    public async Task CreateShareFromSnapshot_SameFilesystem_CarriesContentAndIsWritable()
    {
        var share = Share();
        var path = await CreateWritableAsync(share);
        await Clients.NfsWriteAsync(First, _lab.NfsPort, path, "seed.txt", "from the snapshot");
        var snapshot = Snapshot(share);
        await _lab.Driver.CreateSnapshotAsync(snapshot, CancellationToken.None);
        var copy = Share(sizeGb: 2);

        var created = await _lab.Driver.CreateShareFromSnapshotAsync(copy, snapshot, CancellationToken.None);
        await _lab.AllowAsync(copy, Rule("ip", "127.0.0.1"));

        var copyPath = created.ExportLocations[0].Path;
        Assert.That((await Clients.NfsReadAsync(First, _lab.NfsPort, copyPath, "seed.txt")).Output, Is.EqualTo("from the snapshot"));
        Assert.That((await Clients.NfsWriteAsync(First, _lab.NfsPort, copyPath, "new.txt", "copy is writable")).Succeeded);
        Assert.That((await Clients.NfsReadAsync(First, _lab.NfsPort, path, "new.txt")).Succeeded, Is.False, "the source share must not see the copy's writes");
    }

    [Test]
    public async Task CreateShareFromSnapshot_OtherFilesystem_CopiedBySendReceive()
    {
        var share = Share();
        var path = await CreateWritableAsync(share);
        await Clients.NfsWriteAsync(First, _lab.NfsPort, path, "travels.txt", "across filesystems");
        var snapshot = Snapshot(share);
        await _lab.Driver.CreateSnapshotAsync(snapshot, CancellationToken.None);
        var copy = Share(pool: "b");

        var created = await _lab.Driver.CreateShareFromSnapshotAsync(copy, snapshot, CancellationToken.None);
        await _lab.AllowAsync(copy, Rule("ip", "127.0.0.1"));

        Assert.That((await Clients.NfsReadAsync(Second, _lab.NfsPort, created.ExportLocations[0].Path, "travels.txt")).Output, Is.EqualTo("across filesystems"));
        Assert.That(File.Exists(Path.Combine(LocalLab.PoolB, "shares", copy.Name, "travels.txt")), Is.True);
        Assert.That((await Clients.NfsWriteAsync(First, _lab.NfsPort, created.ExportLocations[0].Path, "w.txt", "writable")).Succeeded);
    }

    [Test]
    public async Task UpdateSnapshotAccess_Rule_SnapshotReadableNeverWritable()
    {
        var share = Share();
        var path = await CreateWritableAsync(share);
        await Clients.NfsWriteAsync(First, _lab.NfsPort, path, "frozen.txt", "as it was");
        var snapshot = Snapshot(share);
        var result = await _lab.Driver.CreateSnapshotAsync(snapshot, CancellationToken.None);
        var snapshotPath = result.ExportLocations.Single().Path;
        Assert.That((await Clients.NfsReadAsync(First, _lab.NfsPort, snapshotPath, "frozen.txt")).Succeeded, Is.False, "no rule yet: not readable");

        await _lab.Driver.UpdateSnapshotAccessAsync(new SnapshotAccessUpdate
        {
            Snapshot = snapshot,
            Rules = [Rule("ip", "127.0.0.1", "ro")],
        }, CancellationToken.None);

        Assert.That(result.ExportLocations.Single().ReadOnly, Is.True);
        Assert.That(snapshotPath, Is.EqualTo($"/snapshots/{snapshot.Name}"));
        Assert.That((await Clients.NfsReadAsync(Second, _lab.NfsPort, snapshotPath, "frozen.txt")).Output, Is.EqualTo("as it was"));
        var write = await Clients.NfsWriteAsync(First, _lab.NfsPort, snapshotPath, "nope.txt", "x");
        Assert.That(write.Succeeded, Is.False, write.All);
    }

    [Test]
    public async Task DeleteSnapshot_Twice_GoneWithItsExport()
    {
        var share = Share();
        await CreateWritableAsync(share);
        var snapshot = Snapshot(share);
        await _lab.Driver.CreateSnapshotAsync(snapshot, CancellationToken.None);

        await _lab.Driver.DeleteSnapshotAsync(snapshot, CancellationToken.None);
        await _lab.Driver.DeleteSnapshotAsync(snapshot, CancellationToken.None);

        Assert.That(Directory.Exists(Path.Combine(LocalLab.PoolA, "snapshots", snapshot.Name)), Is.False);
        Assert.That(File.ReadAllText("/proc/self/mountinfo"), Does.Not.Contain(snapshot.Name));
    }

    [Test]
    public async Task CreateSnapshot_FolderPool_NotSupported()
    {
        var share = Share(pool: "dir");
        await _lab.Driver.CreateShareAsync(share, CancellationToken.None);

        Assert.ThrowsAsync<NotSupportedException>(() => _lab.Driver.CreateSnapshotAsync(Snapshot(share), CancellationToken.None));
    }

    private async Task<string> CreateWritableAsync(DriverShare share)
    {
        var path = (await _lab.Driver.CreateShareAsync(share, CancellationToken.None)).ExportLocations[0].Path;
        await _lab.AllowAsync(share, Rule("ip", "127.0.0.1"));
        return path;
    }
}
