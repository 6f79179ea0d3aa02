using Microsoft.Extensions.Configuration;
using ShareHost.Abstractions;
using ShareHost.Drivers.Local.Tests.Lab;
using static ShareHost.Drivers.Local.Tests.Lab.DriverHarness;

namespace ShareHost.Drivers.Local.Tests.Driver;

/// <summary>
/// Replication between two Local backends of one process: "src" on pool a (one btrfs filesystem) and "dst" on pool b
/// (another one), so every copy is a real btrfs send/receive across filesystems. Calls go to the active replica's
/// driver, promotion to the promoted replica's, as the host makes them.
/// </summary>
[NonParallelizable]
public sealed class ReplicationTests
{
    private DriverHarness _src = null!;
    private DriverHarness _dst = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        var folder = Path.Combine(LocalLab.Root, "replication-" + Guid.NewGuid().ToString("N")[..8]);
        _src = await DriverHarness.StartAsync(Options("a", LocalLab.PoolA), Path.Combine(folder, "src"), "src");
        _dst = await DriverHarness.StartAsync(Options("b", LocalLab.PoolB), Path.Combine(folder, "dst"), "dst");
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        if (_dst is not null)
        {
            await _dst.DisposeAsync();
        }

        if (_src is not null)
        {
            await _src.DisposeAsync();
        }
    }

    [Test]
    public async Task GetStats_ReplicatingPool_ReportsTypeAndDomain()
    {
        var stats = await _src.Driver.GetStatsAsync(CancellationToken.None);

        var pool = stats.Pools.Single();
        Assert.That(pool.ReplicationType, Is.EqualTo("readable"));
        Assert.That(pool.ReplicationDomain, Is.EqualTo("lab"));
    }

    [Test]
    public void Initialize_FolderPoolWithReplication_RefusedNamingThePool()
    {
        var options = DefaultOptions();
        options["Pools:2:ReplicationType"] = "readable";
        options["Pools:2:ReplicationDomain"] = "lab";

        var error = Assert.ThrowsAsync<ShareDriverException>(() => DriverHarness.StartAsync(options));

        Assert.That(error!.Message, Does.Contain("pool 'dir'").And.Contain("cannot replicate"));
    }

    [Test]
    public void Initialize_WritableReplicationType_Refused()
    {
        var options = DefaultOptions();
        options["Pools:0:ReplicationType"] = "writable";
        options["Pools:0:ReplicationDomain"] = "lab";

        var error = Assert.ThrowsAsync<ShareDriverException>(() => DriverHarness.StartAsync(options));

        Assert.That(error!.Message, Does.Contain("'writable'").And.Contain("'readable' or 'dr'"));
    }

    [Test]
    public async Task CreateReplica_FullSeed_ReplicaServesActiveDataReadOnly()
    {
        var (active, replica) = Pair();
        var activePath = await CreateActiveAsync(active);
        await Clients.NfsWriteAsync(First, _src.NfsPort, activePath, "seed.txt", "written before the replica");

        var result = await _src.Driver.CreateReplicaAsync(Request(replica, active, replica), CancellationToken.None);
        await _dst.AllowAsync(replica.Share, Rule("ip", "127.0.0.1", "ro"));

        Assert.That(result.State, Is.EqualTo(ReplicaState.InSync));
        var location = result.ExportLocations!.Single();
        Assert.That(location.ReadOnly, Is.True);
        Assert.That(location.Path, Is.EqualTo($"/shares/{replica.Share.Name}"));
        Assert.That((await Clients.NfsReadAsync(Second, _dst.NfsPort, location.Path, "seed.txt")).Output, Is.EqualTo("written before the replica"));
        var write = await Clients.NfsWriteAsync(First, _dst.NfsPort, location.Path, "nope.txt", "replicas are read-only");
        Assert.That(write.Succeeded, Is.False, write.All);
        Assert.That(File.Exists(Path.Combine(LocalLab.PoolB, "shares", replica.Share.Name, "seed.txt")), Is.True, "a copy on the other filesystem");
    }

    [Test]
    public async Task UpdateReplicaState_NewChangedAndDeletedFiles_ReplicaShowsThemOneGenerationKept()
    {
        var (active, replica) = Pair();
        await CreateActiveAsync(active);
        var data = Path.Combine(LocalLab.PoolA, "shares", active.Share.Name);
        await File.WriteAllTextAsync(Path.Combine(data, "changed.txt"), "first version");
        await File.WriteAllTextAsync(Path.Combine(data, "deleted.txt"), "goes away");
        var created = await _src.Driver.CreateReplicaAsync(Request(replica, active, replica), CancellationToken.None);
        await _dst.AllowAsync(replica.Share, Rule("ip", "127.0.0.1", "ro"));
        var path = created.ExportLocations!.Single().Path;
        Assert.That((await Clients.NfsReadAsync(First, _dst.NfsPort, path, "deleted.txt")).Output, Is.EqualTo("goes away"));
        await File.WriteAllTextAsync(Path.Combine(data, "changed.txt"), "second version");
        File.Delete(Path.Combine(data, "deleted.txt"));
        await File.WriteAllTextAsync(Path.Combine(data, "new.txt"), "arrived later");

        var result = await _src.Driver.UpdateReplicaStateAsync(Request(replica, active, replica), CancellationToken.None);

        Assert.That(result.State, Is.EqualTo(ReplicaState.InSync), result.Message);
        Assert.That((await Clients.NfsReadAsync(First, _dst.NfsPort, path, "changed.txt")).Output, Is.EqualTo("second version"));
        Assert.That((await Clients.NfsReadAsync(First, _dst.NfsPort, path, "new.txt")).Output, Is.EqualTo("arrived later"));
        Assert.That((await Clients.NfsReadAsync(First, _dst.NfsPort, path, "deleted.txt")).Succeeded, Is.False);
        Assert.That(Generations(LocalLab.PoolA, replica, "sent"), Is.EqualTo(new[] { "2" }), "the newest generation stays as the next parent");
        Assert.That(Generations(LocalLab.PoolB, replica, "received"), Is.EqualTo(new[] { "2" }));
    }

    [Test]
    public async Task UpdateReplicaState_NothingChanged_InSyncServedCopyKept()
    {
        var (active, replica) = Pair();
        await CreateActiveAsync(active);
        await File.WriteAllTextAsync(Path.Combine(LocalLab.PoolA, "shares", active.Share.Name, "still.txt"), "unchanged");
        await _src.Driver.CreateReplicaAsync(Request(replica, active, replica), CancellationToken.None);
        var served = Path.Combine(LocalLab.PoolB, "shares", replica.Share.Name);
        var before = (await Run.CheckedAsync("btrfs", "inspect-internal", "rootid", served)).Output;

        var result = await _src.Driver.UpdateReplicaStateAsync(Request(replica, active, replica), CancellationToken.None);

        Assert.That(result.State, Is.EqualTo(ReplicaState.InSync), result.Message);
        Assert.That((await Run.CheckedAsync("btrfs", "inspect-internal", "rootid", served)).Output, Is.EqualTo(before), "the same subvolume still served");
        Assert.That(Generations(LocalLab.PoolA, replica, "sent"), Is.EqualTo(new[] { "1" }));
        Assert.That(Generations(LocalLab.PoolB, replica, "received"), Is.EqualTo(new[] { "1" }));
    }

    [Test]
    public async Task UpdateReplicaState_PollAndResyncAtOnce_BothInSyncOneGenerationKept()
    {
        var (active, replica) = Pair();
        await CreateActiveAsync(active);
        var data = Path.Combine(LocalLab.PoolA, "shares", active.Share.Name);
        await _src.Driver.CreateReplicaAsync(Request(replica, active, replica), CancellationToken.None);
        await File.WriteAllTextAsync(Path.Combine(data, "concurrent.txt"), "sent once");

        var results = await Task.WhenAll(
            _src.Driver.UpdateReplicaStateAsync(Request(replica, active, replica), CancellationToken.None),
            _src.Driver.UpdateReplicaStateAsync(Request(replica, active, replica), CancellationToken.None));

        Assert.That(results.Select(r => r.State), Is.All.EqualTo(ReplicaState.InSync), string.Join("; ", results.Select(r => r.Message)));
        Assert.That(File.ReadAllText(Path.Combine(LocalLab.PoolB, "shares", replica.Share.Name, "concurrent.txt")), Is.EqualTo("sent once"));
        Assert.That(Generations(LocalLab.PoolA, replica, "sent"), Has.Count.EqualTo(1));
        Assert.That(Generations(LocalLab.PoolB, replica, "received"), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task RestartAsync_ReplicaBackend_ReplicaServedReadOnlyAndSyncContinues()
    {
        var (active, replica) = Pair();
        await CreateActiveAsync(active);
        var data = Path.Combine(LocalLab.PoolA, "shares", active.Share.Name);
        await File.WriteAllTextAsync(Path.Combine(data, "before.txt"), "before the restart");
        var created = await _src.Driver.CreateReplicaAsync(Request(replica, active, replica), CancellationToken.None);
        await _dst.AllowAsync(replica.Share, Rule("ip", "127.0.0.1", "ro"));
        var path = created.ExportLocations!.Single().Path;

        await _dst.RestartAsync();
        await File.WriteAllTextAsync(Path.Combine(data, "after.txt"), "after the restart");
        var result = await _src.Driver.UpdateReplicaStateAsync(Request(replica, active, replica), CancellationToken.None);

        Assert.That(result.State, Is.EqualTo(ReplicaState.InSync), result.Message);
        Assert.That((await Clients.NfsReadAsync(First, _dst.NfsPort, path, "before.txt")).Output, Is.EqualTo("before the restart"));
        Assert.That((await Clients.NfsReadAsync(First, _dst.NfsPort, path, "after.txt")).Output, Is.EqualTo("after the restart"));
        var write = await Clients.NfsWriteAsync(First, _dst.NfsPort, path, "nope.txt", "still read-only");
        Assert.That(write.Succeeded, Is.False, write.All);
    }

    [Test]
    public async Task CreateReplica_CifsShare_ReplicaReadableBySmbUserNotWritable()
    {
        var (active, replica) = Pair(protocol: "CIFS");
        await _src.Driver.CreateShareAsync(active.Share, CancellationToken.None);
        await File.WriteAllTextAsync(Path.Combine(LocalLab.PoolA, "shares", active.Share.Name, "doc.txt"), "over SMB");
        var user = "repl" + Guid.NewGuid().ToString("N")[..6];

        await _src.Driver.CreateReplicaAsync(Request(replica, active, replica), CancellationToken.None);
        var key = (await _dst.AllowAsync(replica.Share, Rule("user", user, "rw"))).Single().AccessKey!;

        var fetched = Path.Combine(LocalLab.Root, "fetched-" + Guid.NewGuid().ToString("N"));
        var get = await Clients.SmbAsync(First, _dst.CifsPort, replica.Share.Name, user, key, $"get doc.txt {fetched}");
        Assert.That(Clients.SmbFailed(get), Is.False, get.All);
        Assert.That(File.ReadAllText(fetched), Is.EqualTo("over SMB"));
        var put = await Clients.SmbAsync(First, _dst.CifsPort, replica.Share.Name, user, key, $"put {fetched} refused.txt");
        Assert.That(Clients.SmbFailed(put), Is.True, "a replica is read-only even for a rw rule: " + put.All);
    }

    [Test]
    public async Task UpdateReplicaState_InterruptedReceiveLeftOver_ThrownAwayAndSynced()
    {
        var (active, replica) = Pair();
        await CreateActiveAsync(active);
        var data = Path.Combine(LocalLab.PoolA, "shares", active.Share.Name);
        await _src.Driver.CreateReplicaAsync(Request(replica, active, replica), CancellationToken.None);
        await File.WriteAllTextAsync(Path.Combine(data, "after-crash.txt"), "still arrives");
        // What a receive killed half-way leaves: a writable subvolume with the next generation's name.
        var received = Path.Combine(LocalLab.PoolB, ".replication", replica.Share.Id, "received");
        await Run.CheckedAsync("btrfs", "subvolume", "create", Path.Combine(received, "2"));

        var result = await _src.Driver.UpdateReplicaStateAsync(Request(replica, active, replica), CancellationToken.None);

        Assert.That(result.State, Is.EqualTo(ReplicaState.InSync), result.Message);
        Assert.That(File.ReadAllText(Path.Combine(LocalLab.PoolB, "shares", replica.Share.Name, "after-crash.txt")), Is.EqualTo("still arrives"));
        Assert.That(Generations(LocalLab.PoolB, replica, "received"), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task UpdateReplicaState_ReceiveImpossible_OutOfSyncServingLastCopyThenRepaired()
    {
        var (active, replica) = Pair();
        await CreateActiveAsync(active);
        var data = Path.Combine(LocalLab.PoolA, "shares", active.Share.Name);
        await File.WriteAllTextAsync(Path.Combine(data, "old.txt"), "replicated");
        await _src.Driver.CreateReplicaAsync(Request(replica, active, replica), CancellationToken.None);
        await File.WriteAllTextAsync(Path.Combine(data, "new.txt"), "not yet");
        var received = Path.Combine(LocalLab.PoolB, ".replication", replica.Share.Id, "received");
        await Run.CheckedAsync("btrfs", "subvolume", "delete", Path.Combine(received, "1"));
        Directory.Delete(received);
        await File.WriteAllTextAsync(received, "a file where the received generations belong");

        var broken = await _src.Driver.UpdateReplicaStateAsync(Request(replica, active, replica), CancellationToken.None);

        Assert.That(broken.State, Is.EqualTo(ReplicaState.OutOfSync));
        Assert.That(broken.Message, Is.Not.Empty);
        var served = Path.Combine(LocalLab.PoolB, "shares", replica.Share.Name);
        Assert.That(File.ReadAllText(Path.Combine(served, "old.txt")), Is.EqualTo("replicated"));
        Assert.That(File.Exists(Path.Combine(served, "new.txt")), Is.False);

        File.Delete(received);
        var repaired = await _src.Driver.UpdateReplicaStateAsync(Request(replica, active, replica), CancellationToken.None);

        Assert.That(repaired.State, Is.EqualTo(ReplicaState.InSync), repaired.Message);
        Assert.That(File.ReadAllText(Path.Combine(served, "new.txt")), Is.EqualTo("not yet"));
    }

    [Test]
    public async Task PromoteReplica_OldActiveUnreachable_ReplicaActiveAndWritable()
    {
        var (active, replica) = Pair();
        var activePath = await CreateActiveAsync(active);
        await Clients.NfsWriteAsync(First, _src.NfsPort, activePath, "before.txt", "replicated");
        await _src.Driver.CreateReplicaAsync(Request(replica, active, replica), CancellationToken.None);
        var unreachable = With(active, ReplicaState.Active, reachable: false);

        var results = await _dst.Driver.PromoteReplicaAsync(Request(replica, unreachable, replica), CancellationToken.None);
        await _dst.AllowAsync(replica.Share, Rule("ip", "127.0.0.1"));

        var promoted = results.Single(r => r.ReplicaId == replica.Share.Id);
        Assert.That(promoted.State, Is.EqualTo(ReplicaState.Active));
        Assert.That(promoted.ExportLocations!.Single().ReadOnly, Is.False);
        Assert.That(results.Single(r => r.ReplicaId == active.Share.Id).State, Is.EqualTo(ReplicaState.Error));
        var path = promoted.ExportLocations!.Single().Path;
        var write = await Clients.NfsWriteAsync(First, _dst.NfsPort, path, "after.txt", "written on the new active");
        Assert.That(write.Succeeded, write.All);
        Assert.That((await Clients.NfsReadAsync(Second, _dst.NfsPort, path, "after.txt")).Output, Is.EqualTo("written on the new active"));
        Assert.That((await Clients.NfsReadAsync(Second, _dst.NfsPort, path, "before.txt")).Output, Is.EqualTo("replicated"));
    }

    [Test]
    public async Task UpdateReplicaState_OldActiveAfterPromotion_GetsNewActiveDataReadOnly()
    {
        var (active, replica) = Pair();
        var activePath = await CreateActiveAsync(active);
        await _src.Driver.CreateReplicaAsync(Request(replica, active, replica), CancellationToken.None);
        await _dst.Driver.PromoteReplicaAsync(Request(replica, active, replica), CancellationToken.None);
        await File.WriteAllTextAsync(Path.Combine(LocalLab.PoolB, "shares", replica.Share.Name, "from-new-active.txt"), "flows back");
        var newActive = With(replica, ReplicaState.Active);
        var oldActive = With(active, ReplicaState.OutOfSync);

        var result = await _dst.Driver.UpdateReplicaStateAsync(Request(oldActive, newActive, oldActive), CancellationToken.None);

        Assert.That(result.State, Is.EqualTo(ReplicaState.InSync), result.Message);
        Assert.That(result.ExportLocations!.Single().ReadOnly, Is.True);
        Assert.That((await Clients.NfsReadAsync(First, _src.NfsPort, activePath, "from-new-active.txt")).Output, Is.EqualTo("flows back"));
        var write = await Clients.NfsWriteAsync(First, _src.NfsPort, activePath, "nope.txt", "the old active is a replica now");
        Assert.That(write.Succeeded, Is.False, write.All);
        Assert.That(Directory.Exists(Path.Combine(LocalLab.PoolA, ".replication", replica.Share.Id)), Is.False, "what the old active sent before the promotion is gone");
        Assert.That(Directory.Exists(Path.Combine(LocalLab.PoolB, ".replication", replica.Share.Id)), Is.False, "what the promoted replica received is gone");
        Assert.That(Generations(LocalLab.PoolB, active, "sent"), Has.Count.EqualTo(1), "the new direction keeps one parent");
        Assert.That(Generations(LocalLab.PoolA, active, "received"), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task DeleteReplica_Twice_SubvolumesExportAndGenerationsGone()
    {
        var (active, replica) = Pair();
        await CreateActiveAsync(active);
        await _src.Driver.CreateReplicaAsync(Request(replica, active, replica), CancellationToken.None);

        await _src.Driver.DeleteReplicaAsync(Request(replica, active, replica), CancellationToken.None);
        await _src.Driver.DeleteReplicaAsync(Request(replica, active, replica), CancellationToken.None);

        Assert.That(Directory.Exists(Path.Combine(LocalLab.PoolB, "shares", replica.Share.Name)), Is.False);
        Assert.That(Directory.Exists(Path.Combine(LocalLab.PoolB, ".replication", replica.Share.Id)), Is.False);
        Assert.That(Directory.Exists(Path.Combine(LocalLab.PoolA, ".replication", replica.Share.Id)), Is.False);
        Assert.That(File.ReadAllText("/proc/self/mountinfo"), Does.Not.Contain(replica.Share.Name));
        Assert.That(Directory.Exists(Path.Combine(LocalLab.PoolA, "shares", active.Share.Name)), Is.True, "the active replica stays");
    }

    [Test]
    public async Task CreateReplicatedSnapshot_TwoReplicas_SnapshotReadableOnTheReplica()
    {
        var (active, replica) = Pair();
        await CreateActiveAsync(active);
        var data = Path.Combine(LocalLab.PoolA, "shares", active.Share.Name);
        await _src.Driver.CreateReplicaAsync(Request(replica, active, replica), CancellationToken.None);
        await File.WriteAllTextAsync(Path.Combine(data, "in-snapshot.txt"), "frozen on both");
        var activeSnapshot = Snapshot(active.Share);
        var replicaSnapshot = new DriverSnapshot
        {
            Id = Guid.NewGuid().ToString(),
            SnapshotId = activeSnapshot.SnapshotId,
            Name = "snapshot-" + Guid.NewGuid(),
            Share = replica.Share,
            SizeGb = 1,
        };
        var request = new ReplicatedSnapshotRequest { ActiveSnapshot = activeSnapshot, ReplicaSnapshots = [replicaSnapshot], Replicas = [active, replica] };

        var results = await _src.Driver.CreateReplicatedSnapshotAsync(request, CancellationToken.None);
        await _dst.Driver.UpdateSnapshotAccessAsync(new SnapshotAccessUpdate { Snapshot = replicaSnapshot, Rules = [Rule("ip", "127.0.0.1", "ro")] }, CancellationToken.None);

        Assert.That(results.Select(r => r.Available), Is.All.True, string.Join("; ", results.Select(r => r.Message)));
        Assert.That((await Clients.NfsReadAsync(First, _dst.NfsPort, $"/snapshots/{replicaSnapshot.Name}", "in-snapshot.txt")).Output, Is.EqualTo("frozen on both"));

        await _src.Driver.DeleteReplicatedSnapshotAsync(request, CancellationToken.None);
        await _src.Driver.DeleteReplicatedSnapshotAsync(request, CancellationToken.None);

        Assert.That(Directory.Exists(Path.Combine(LocalLab.PoolB, "snapshots", replicaSnapshot.Name)), Is.False);
        Assert.That(Directory.Exists(Path.Combine(LocalLab.PoolA, "snapshots", activeSnapshot.Name)), Is.False);
    }

    [Test]
    public async Task CreateReplica_ActiveHasSnapshot_SeededOnReplicaThenDeletedWithTheSnapshot()
    {
        var (active, replica) = Pair();
        await CreateActiveAsync(active);
        var data = Path.Combine(LocalLab.PoolA, "shares", active.Share.Name);
        await File.WriteAllTextAsync(Path.Combine(data, "old.txt"), "in the snapshot");
        var activeSnapshot = Snapshot(active.Share);
        await _src.Driver.CreateSnapshotAsync(activeSnapshot, CancellationToken.None);
        await File.WriteAllTextAsync(Path.Combine(data, "later.txt"), "not in the snapshot");

        var request = new ReplicationRequest { Replica = replica, Replicas = [active, replica], Snapshots = [activeSnapshot] };
        var result = await _src.Driver.CreateReplicaAsync(request, CancellationToken.None);

        Assert.That(result.State, Is.EqualTo(ReplicaState.InSync));
        var seeded = Path.Combine(LocalLab.PoolB, "snapshots", $"{activeSnapshot.Name}.{replica.Share.Id}");
        Assert.That(File.ReadAllText(Path.Combine(seeded, "old.txt")), Is.EqualTo("in the snapshot"));
        Assert.That(File.Exists(Path.Combine(seeded, "later.txt")), Is.False);
        Assert.That(File.Exists(Path.Combine(LocalLab.PoolB, "shares", replica.Share.Name, "later.txt")), Is.True);

        // The host names the replica's instance of the snapshot with its own id; the seeded copy is found by snapshot and replica.
        var replicaInstance = new DriverSnapshot { Id = Guid.NewGuid().ToString(), SnapshotId = activeSnapshot.SnapshotId, Name = "snapshot-x", Share = replica.Share, SizeGb = 1 };
        await _src.Driver.DeleteReplicatedSnapshotAsync(
            new ReplicatedSnapshotRequest { ActiveSnapshot = activeSnapshot, ReplicaSnapshots = [replicaInstance], Replicas = [active, replica] }, CancellationToken.None);

        Assert.That(Directory.Exists(seeded), Is.False);
        Assert.That(Directory.Exists(Path.Combine(LocalLab.PoolA, "snapshots", activeSnapshot.Name)), Is.False);
    }

    private static Dictionary<string, string?> Options(string pool, string path)
    {
        var options = DefaultOptions();
        foreach (var key in options.Keys.Where(k => k.StartsWith("Pools:", StringComparison.Ordinal)).ToList())
        {
            options.Remove(key);
        }

        options["Pools:0:Name"] = pool;
        options["Pools:0:Path"] = path;
        options["Pools:0:ReplicationType"] = "readable";
        options["Pools:0:ReplicationDomain"] = "lab";
        return options;
    }

    /// <summary>An active replica on src (pool a) and a new one on dst (pool b), instances of one share.</summary>
    private (DriverReplica Active, DriverReplica Replica) Pair(string protocol = "NFS")
    {
        var shareId = Guid.NewGuid().ToString();
        DriverShare Instance(string pool)
        {
            var id = Guid.NewGuid().ToString();
            return new DriverShare
            {
                Id = id,
                ShareId = shareId,
                Name = "share-" + id,
                ProjectId = "project",
                SizeGb = 1,
                Protocol = protocol,
                PoolName = pool,
                ExtraSpecs = new Dictionary<string, string> { ["replication_type"] = "readable" },
            };
        }

        return (Replica(Instance("a"), ReplicaState.Active, _src), Replica(Instance("b"), ReplicaState.OutOfSync, _dst));
    }

    private static DriverReplica Replica(DriverShare share, ReplicaState state, DriverHarness backend) => new()
    {
        Share = share,
        State = state,
        BackendName = backend.BackendName,
        BackendOptions = new ConfigurationBuilder().AddInMemoryCollection(backend.Options).Build(),
    };

    private static DriverReplica With(DriverReplica replica, ReplicaState state, bool reachable = true) => new()
    {
        Share = replica.Share,
        State = state,
        BackendName = replica.BackendName,
        BackendOptions = replica.BackendOptions,
        Reachable = reachable,
    };

    private static ReplicationRequest Request(DriverReplica about, params DriverReplica[] replicas) => new() { Replica = about, Replicas = replicas };

    private async Task<string> CreateActiveAsync(DriverReplica active)
    {
        var path = (await _src.Driver.CreateShareAsync(active.Share, CancellationToken.None)).ExportLocations[0].Path;
        await _src.AllowAsync(active.Share, Rule("ip", "127.0.0.1"));
        return path;
    }

    private static List<string> Generations(string pool, DriverReplica replica, string side)
    {
        var folder = Path.Combine(pool, ".replication", replica.Share.Id, side);
        return Directory.Exists(folder) ? Directory.GetDirectories(folder).Select(d => Path.GetFileName(d)!).Order(StringComparer.Ordinal).ToList() : [];
    }
}
