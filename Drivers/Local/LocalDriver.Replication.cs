using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Logging;
using ShareHost.Abstractions;
using ShareHost.Drivers.Local.Catalog;
using ShareHost.Drivers.Local.Processes;
using ShareHost.Drivers.Local.Storage;

namespace ShareHost.Drivers.Local;

/// <summary>
/// Replication between btrfs pools of the Local backends of one host (contract 1.4), by incremental
/// <c>btrfs send | btrfs receive</c>.
/// </summary>
/// <remarks>
/// <para>
/// Each sync takes a read-only snapshot of the active share, <c>&lt;active pool&gt;/.replication/&lt;replica&gt;/sent/&lt;n&gt;</c>,
/// and sends it (incrementally against the newest generation both sides still hold, in full when there is none) into
/// <c>&lt;replica pool&gt;/.replication/&lt;replica&gt;/received/</c>. A received subvolume is complete once btrfs made it
/// read-only; an interrupted receive leaves a writable one, which the next sync deletes. The replica's share
/// subvolume (<c>shares/&lt;name&gt;</c>, what its export points at) is then swapped for a read-only snapshot of the new
/// generation, the way a revert swaps (so the same crash recovery applies), and re-exported at the same path. Older
/// generations go; the newest pair stays as the next parent. Promotion swaps in a writable snapshot of the newest
/// received generation.
/// </para>
/// <para>
/// The active replica's driver reaches the replica's backend as an object: every Local backend of a host registers
/// itself by its state folder (the host names it after the backend), so a peer is found by the replica's
/// <see cref="DriverReplica.BackendName"/>. The peer's catalog records the replica (as a read-only share), its
/// daemons export it. One lock per share (all its replicas) keeps a poll, a resync, a promotion and a replicated
/// snapshot from running at once.
/// </para>
/// </remarks>
public sealed partial class LocalDriver : IReplicationDriver
{
    private const string ReplicationFolderName = ".replication";

    /// <summary>Every Local backend of this process by its state folder; two hosts in one process never meet.</summary>
    private static readonly ConcurrentDictionary<string, LocalDriver> Peers = new(StringComparer.Ordinal);

    /// <summary>One lock per share (keyed by the share id every replica shares), across the backends of the process.</summary>
    private static readonly KeyedLocks ReplicationLocks = new();

    private string _stateDirectory = "";

    public async Task<ReplicaResult> CreateReplicaAsync(ReplicationRequest request, CancellationToken cancellationToken)
    {
        var replica = request.Replica;
        var active = ActiveOf(request);
        using var _ = await ReplicationLocks.AcquireAsync(replica.Share.ShareId, cancellationToken);
        var source = _catalog.Share(active.Share.Id)
            ?? throw new ShareNotFoundException($"The active replica {active.Share.Id} does not exist on this backend.");
        var peer = Peer(replica) ?? throw Unreachable(replica);
        var target = peer.ReserveReplica(replica.Share, source.Protocol);
        await SyncAsync(source, replica.Share.Id, peer, target, cancellationToken);
        foreach (var snapshot in request.Snapshots)
        {
            // Seeded from the active replica's snapshots; found again by snapshot id and replica (the host does not
            // hand the new replica's snapshot instance ids to this call).
            await CopySnapshotToReplicaAsync(snapshot, $"{snapshot.SnapshotId}@{replica.Share.Id}", $"{SafeName(snapshot.Name)}.{replica.Share.Id}",
                peer, target, cancellationToken);
        }

        _logger.LogInformation("Replica {Replica} of share {Share} seeded on backend {Backend}", replica.Share.Id, replica.Share.ShareId, replica.BackendName);
        return new ReplicaResult { ReplicaId = replica.Share.Id, State = ReplicaState.InSync, ExportLocations = ReplicaLocations(target) };
    }

    public async Task DeleteReplicaAsync(ReplicationRequest request, CancellationToken cancellationToken)
    {
        var replica = request.Replica;
        using var _ = await ReplicationLocks.AcquireAsync(replica.Share.ShareId, cancellationToken);
        var peer = Peer(replica) ?? throw Unreachable(replica);
        foreach (var snapshot in peer._catalog.Snapshots.Where(s => s.ShareId == replica.Share.Id))
        {
            await peer.DeleteSnapshotAsync(StoredSnapshot(snapshot, replica.Share), cancellationToken);
        }

        // Its subvolume, export and received generations on its own pool, then what this side sent it.
        await peer.DeleteShareAsync(replica.Share, cancellationToken);
        foreach (var pool in _pools.Values)
        {
            await DeleteReplicationFolderAsync(pool, replica.Share.Id, cancellationToken);
        }

        if (peer != this && peer._pools.GetValueOrDefault(replica.Share.PoolName) is { } replicaPool)
        {
            // Generations it kept while it was the active replica, for replicas it no longer feeds.
            foreach (var other in request.Replicas)
            {
                await DeleteReplicationFolderAsync(replicaPool, other.Share.Id, cancellationToken);
            }
        }

        _logger.LogInformation("Replica {Replica} of share {Share} deleted", replica.Share.Id, replica.Share.ShareId);
    }

    public async Task<IReadOnlyList<ReplicaResult>> PromoteReplicaAsync(ReplicationRequest request, CancellationToken cancellationToken)
    {
        var replica = request.Replica.Share;
        using var _ = await ReplicationLocks.AcquireAsync(replica.ShareId, cancellationToken);
        var record = _catalog.Share(replica.Id) ?? throw new ShareNotFoundException($"Replica {replica.Id} does not exist on this backend.");
        var pool = PoolOf(record.Pool);
        if (record.ReadOnly)
        {
            // The newest complete generation received is what the replica serves; a writable snapshot of it takes
            // its place. Nothing of the old active replica is needed, so this works while its backend is down.
            var latest = await NewestReceivedAsync(pool, record.Id, cancellationToken) ?? pool.SharePath(record.Name);
            await ServeCopyAsync(record, pool, latest, readOnly: false, cancellationToken);
        }

        // What it received as a replica would only pin old data now that it diverges.
        await DeleteReplicationFolderAsync(pool, record.Id, cancellationToken);

        var results = new List<ReplicaResult>
        {
            new() { ReplicaId = record.Id, State = ReplicaState.Active, ExportLocations = Locations(record.Protocol, record.Name, snapshot: false) },
        };
        foreach (var other in request.Replicas.Where(r => r.Share.Id != record.Id))
        {
            // Every other replica now follows this one: the next sync sends it this replica's data (in full the
            // first time: the generations they share were made for the other direction).
            var reachable = Peer(other) is not null;
            results.Add(new ReplicaResult
            {
                ReplicaId = other.Share.Id,
                State = reachable ? ReplicaState.OutOfSync : ReplicaState.Error,
                Message = reachable
                    ? $"Replica {record.Id} was promoted; this replica catches up with it on the next resync."
                    : $"Backend {other.BackendName} could not be reached during the promotion; resync the replica once it is back.",
            });
        }

        _logger.LogInformation("Replica {Replica} of share {Share} promoted", record.Id, replica.ShareId);
        return results;
    }

    public async Task<ReplicaResult> UpdateReplicaStateAsync(ReplicationRequest request, CancellationToken cancellationToken)
    {
        var replica = request.Replica;
        var active = ActiveOf(request);
        using var _ = await ReplicationLocks.AcquireAsync(replica.Share.ShareId, cancellationToken);
        var source = _catalog.Share(active.Share.Id);
        if (source is null)
        {
            return new ReplicaResult { ReplicaId = replica.Share.Id, State = ReplicaState.Error, Message = "The active replica does not exist on its backend." };
        }

        var peer = Peer(replica);
        if (peer is null)
        {
            return new ReplicaResult { ReplicaId = replica.Share.Id, State = ReplicaState.Error, Message = $"Backend {replica.BackendName} cannot be reached." };
        }

        try
        {
            // A replica missing on its backend is seeded again (repair); one that was the active replica before a
            // promotion gets the new active's data in full and becomes read-only.
            var target = peer.ReserveReplica(replica.Share, source.Protocol);
            await SyncAsync(source, replica.Share.Id, peer, target, cancellationToken);
            return new ReplicaResult { ReplicaId = replica.Share.Id, State = ReplicaState.InSync, ExportLocations = ReplicaLocations(target) };
        }
        catch (Exception e) when (e is ShareDriverException or IOException or UnauthorizedAccessException)
        {
            // The replica still serves the last generation it received completely.
            _logger.LogWarning("Replica {Replica} could not be brought up to date: {Reason}", replica.Share.Id, e.Message);
            return new ReplicaResult
            {
                ReplicaId = replica.Share.Id,
                State = ReplicaState.OutOfSync,
                Message = (e as ShareDriverException)?.UserMessage ?? "The replica could not be brought up to date; it serves the last state it received.",
            };
        }
    }

    public async Task<IReadOnlyList<ReplicaSnapshotResult>> CreateReplicatedSnapshotAsync(ReplicatedSnapshotRequest request, CancellationToken cancellationToken)
    {
        using var _ = await ReplicationLocks.AcquireAsync(request.ActiveSnapshot.Share.ShareId, cancellationToken);
        var taken = await CreateSnapshotAsync(request.ActiveSnapshot, cancellationToken);
        var results = new List<ReplicaSnapshotResult>
        {
            new() { SnapshotInstanceId = request.ActiveSnapshot.Id, Available = true, ProviderLocation = taken.ProviderLocation },
        };
        foreach (var snapshot in request.ReplicaSnapshots)
        {
            var replica = request.Replicas.FirstOrDefault(r => r.Share.Id == snapshot.Share.Id);
            var peer = replica is null ? null : Peer(replica);
            var target = peer?._catalog.Share(snapshot.Share.Id);
            if (peer is null || target is null)
            {
                results.Add(new() { SnapshotInstanceId = snapshot.Id, Available = false, Message = "The replica's backend cannot be reached, or the replica is missing there." });
                continue;
            }

            try
            {
                var location = await CopySnapshotToReplicaAsync(request.ActiveSnapshot, snapshot.Id, SafeName(snapshot.Name), peer, target, cancellationToken);
                results.Add(new() { SnapshotInstanceId = snapshot.Id, Available = true, ProviderLocation = location });
            }
            catch (ShareDriverException e)
            {
                _logger.LogWarning("Snapshot {Snapshot} could not be sent to replica {Replica}: {Reason}", snapshot.Id, target.Id, e.Message);
                results.Add(new() { SnapshotInstanceId = snapshot.Id, Available = false, Message = e.UserMessage ?? "The snapshot could not be sent to the replica." });
            }
        }

        return results;
    }

    public async Task DeleteReplicatedSnapshotAsync(ReplicatedSnapshotRequest request, CancellationToken cancellationToken)
    {
        using var _ = await ReplicationLocks.AcquireAsync(request.ActiveSnapshot.Share.ShareId, cancellationToken);
        await DeleteSnapshotAnywhereAsync(this, request.ActiveSnapshot, cancellationToken);
        foreach (var snapshot in request.ReplicaSnapshots)
        {
            var replica = request.Replicas.FirstOrDefault(r => r.Share.Id == snapshot.Share.Id);
            if (replica is not null && Peer(replica) is { } peer)
            {
                await DeleteSnapshotAnywhereAsync(peer, snapshot, cancellationToken);
            }
        }
    }

    /// <summary>Registers this driver so the other Local backends of the host can reach it as a replication peer.</summary>
    private void RegisterPeer(string stateDirectory)
    {
        _stateDirectory = Path.GetFullPath(stateDirectory);
        Peers[_stateDirectory] = this;
    }

    private void UnregisterPeer() => Peers.TryRemove(new KeyValuePair<string, LocalDriver>(_stateDirectory, this));

    /// <summary>The replica's backend in this host (possibly this one), or null when the host or the process cannot reach it.</summary>
    private LocalDriver? Peer(DriverReplica replica)
    {
        if (!replica.Reachable)
        {
            return null;
        }

        var path = Path.Combine(Path.GetDirectoryName(_stateDirectory) ?? "", replica.BackendName);
        return Peers.TryGetValue(path, out var peer) && !peer._disposed ? peer : null;
    }

    private static DriverReplica ActiveOf(ReplicationRequest request) =>
        request.Replicas.FirstOrDefault(r => r.State == ReplicaState.Active && r.Share.Id != request.Replica.Share.Id)
            ?? throw new ShareDriverException("The share has no active replica.");

    private static ShareDriverException Unreachable(DriverReplica replica) =>
        new($"Backend {replica.BackendName} is not a running Local backend of this host.")
        {
            UserMessage = $"Backend {replica.BackendName} cannot be reached.",
        };

    private static IReadOnlyList<ExportPath> ReplicaLocations(ShareRecord record) =>
        Locations(record.Protocol, record.Name, snapshot: false, readOnly: record.ReadOnly);

    /// <summary>The catalog entry for a replica on this backend: new ones are read-only; an existing one (even a former active) stays as it is.</summary>
    private ShareRecord ReserveReplica(DriverShare share, string protocol)
    {
        EnsureServes(protocol);
        var pool = PoolOf(share.PoolName);
        if (pool is not BtrfsPool || pool.Options.ReplicationType is null)
        {
            throw new ShareDriverException($"Pool '{pool.Name}' of backend {_backend} does not offer replication.");
        }

        var name = SafeName(share.Name);
        ShareRecord? record = null;
        _catalog.Update(data =>
        {
            if (!data.Shares.TryGetValue(share.Id, out record))
            {
                record = new ShareRecord
                {
                    Id = share.Id,
                    Name = name,
                    Pool = pool.Name,
                    Protocol = protocol,
                    SizeGb = share.SizeGb,
                    ExportId = protocol == "NFS" ? data.NextExportId() : 0,
                    ReadOnly = true,
                };
                data.Shares[share.Id] = record;
            }
        });
        return record!;
    }

    /// <summary>
    /// Brings <paramref name="target"/> (on <paramref name="peer"/>) to the active share's current state: snapshot,
    /// send/receive (incremental when both sides hold a common generation), swap the replica's served copy, drop the
    /// older generations. Every step can be repeated after a crash.
    /// </summary>
    private async Task SyncAsync(ShareRecord active, string replicaId, LocalDriver peer, ShareRecord target, CancellationToken cancellationToken)
    {
        var sourcePool = PoolOf(active.Pool);
        var targetPool = peer.PoolOf(target.Pool);
        if (sourcePool is not BtrfsPool || targetPool is not BtrfsPool)
        {
            throw new ShareDriverException("Replication needs btrfs pools on both sides.");
        }

        var sent = SentFolder(sourcePool, replicaId);
        var received = ReceivedFolder(targetPool, replicaId);
        var parent = await CommonGenerationAsync(sourcePool, targetPool, replicaId, cancellationToken);
        if (parent is not null && target.Ready && target.ReadOnly
            && await UpToDateAsync(sourcePool.SharePath(active.Name), parent, targetPool.SharePath(target.Name), Path.Combine(received, Path.GetFileName(parent)), cancellationToken))
        {
            // Nothing to send, and swapping the served copy would only cost its clients their file handles.
            return;
        }

        var next = Generations(sent).Concat(Generations(received)).Select(g => g.Number).DefaultIfEmpty(0).Max() + 1;
        var snapshot = Path.Combine(sent, next.ToString(CultureInfo.InvariantCulture));
        Directory.CreateDirectory(sent);
        using (await _locks.AcquireAsync(active.Id, cancellationToken))
        {
            await RecoverSwapAsync(sourcePool, active.Name, cancellationToken);
            await sourcePool.SnapshotAsync(sourcePool.SharePath(active.Name), snapshot, readOnly: true, cancellationToken);
        }

        await SendAsync(snapshot, parent, received, cancellationToken);
        await peer.ServeCopyAsync(target, targetPool, Path.Combine(received, Path.GetFileName(snapshot)), readOnly: true, cancellationToken);
        foreach (var (_, path) in Generations(sent).Where(g => g.Number != next).ToList())
        {
            await sourcePool.DeleteAsync(path, cancellationToken);
        }

        foreach (var (_, path) in Generations(received).Where(g => g.Number != next).ToList())
        {
            await targetPool.DeleteAsync(path, cancellationToken);
        }

        // A former active replica kept what it once sent to the replica that is active now: no longer of use.
        await DeleteReplicationFolderAsync(targetPool, active.Id, cancellationToken);
    }

    /// <summary>
    /// Sends the active snapshot <paramref name="snapshot"/> to the replica as a read-only snapshot of its own
    /// (catalog id <paramref name="id"/>, name <paramref name="name"/>), mounted and exported like any snapshot there.
    /// </summary>
    private async Task<string> CopySnapshotToReplicaAsync(DriverSnapshot snapshot, string id, string name, LocalDriver peer, ShareRecord target, CancellationToken cancellationToken)
    {
        var stored = _catalog.Snapshot(snapshot.Id) ?? throw new ShareNotFoundException($"Snapshot instance {snapshot.Id} does not exist on this backend.");
        var sourcePool = PoolOf(stored.Pool);
        var targetPool = peer.PoolOf(target.Pool);
        var path = targetPool.SnapshotPath(name);
        var existing = peer._catalog.Snapshot(id);
        if (existing is not { Ready: true } || !Directory.Exists(path))
        {
            if (!await BtrfsPool.IsSubvolumeAsync(path, cancellationToken))
            {
                var incoming = Path.Combine(ReplicationFolder(targetPool, target.Id), "incoming");
                await DeleteGenerationsAsync(targetPool, incoming, cancellationToken);
                Directory.CreateDirectory(incoming);
                var parent = await CommonGenerationAsync(sourcePool, targetPool, target.Id, cancellationToken);
                var source = sourcePool.SnapshotPath(stored.Name);
                await SendAsync(source, parent, incoming, cancellationToken);
                // A read-only subvolume cannot be moved to another folder (its '..' would change): snapshot it there.
                var arrived = Path.Combine(incoming, Path.GetFileName(source));
                await targetPool.SnapshotAsync(arrived, path, readOnly: true, cancellationToken);
                await targetPool.DeleteAsync(arrived, cancellationToken);
            }

            await peer.AdoptSnapshotAsync(id, name, target, targetPool, snapshot.SizeGb, cancellationToken);
        }

        return $"{targetPool.Name}/snapshots/{name}";
    }

    /// <summary>A snapshot subvolume already in place on this backend becomes one of its snapshots: recorded, mounted read-only, exported.</summary>
    private async Task AdoptSnapshotAsync(string id, string name, ShareRecord share, Pool pool, int sizeGb, CancellationToken cancellationToken)
    {
        SnapshotRecord? record = null;
        _catalog.Update(data =>
        {
            if (!data.Snapshots.TryGetValue(id, out record))
            {
                record = new SnapshotRecord
                {
                    Id = id,
                    Name = name,
                    ShareId = share.Id,
                    Pool = pool.Name,
                    Protocol = share.Protocol,
                    SizeGb = sizeGb,
                    ExportId = share.Protocol == "NFS" ? data.NextExportId() : 0,
                };
                data.Snapshots[id] = record;
            }
        });
        await _mounts.EnsureAsync(pool, pool.SnapshotPath(name), name, readOnly: true, cancellationToken);
        await PublishAsync(record!.Protocol, name, record.ExportId, snapshot: true, record.Rules, disconnect: false, cancellationToken);
        _catalog.Update(_ => record.Ready = true);
    }

    /// <summary>Deletes a snapshot instance from <paramref name="owner"/>, by its id or, for a seeded one, by snapshot and replica.</summary>
    private static async Task DeleteSnapshotAnywhereAsync(LocalDriver owner, DriverSnapshot snapshot, CancellationToken cancellationToken)
    {
        await owner.DeleteSnapshotAsync(snapshot, cancellationToken);
        if (owner._catalog.Snapshot($"{snapshot.SnapshotId}@{snapshot.Share.Id}") is { } seeded)
        {
            await owner.DeleteSnapshotAsync(StoredSnapshot(seeded, snapshot.Share), cancellationToken);
        }
    }

    private static DriverSnapshot StoredSnapshot(SnapshotRecord record, DriverShare share) =>
        new() { Id = record.Id, SnapshotId = record.Id, Name = record.Name, Share = share, SizeGb = record.SizeGb };

    /// <summary>
    /// Replaces the share's subvolume by a snapshot of <paramref name="source"/> (read-only for a replica, writable on
    /// promotion) with the revert's rename swap, then mounts and exports it again at the same path. Ganesha's export
    /// is removed and added again, so clients see the new tree at once.
    /// </summary>
    private async Task ServeCopyAsync(ShareRecord record, Pool pool, string source, bool readOnly, CancellationToken cancellationToken)
    {
        using var _ = await _locks.AcquireAsync(record.Id, cancellationToken);
        var path = pool.SharePath(record.Name);
        var staged = pool.SharePath($".{record.Name}.revert");
        var old = pool.SharePath($".{record.Name}.old");
        await RecoverSwapAsync(pool, record.Name, cancellationToken);
        await pool.SnapshotAsync(source, staged, readOnly, cancellationToken);
        await pool.SetLimitAsync(staged, record.SizeGb * Unit, cancellationToken);
        var served = Directory.Exists(path);
        if (served && record.Ready)
        {
            await UnpublishAsync(record.Protocol, record.Name, record.ExportId, cancellationToken);
        }

        var swapped = false;
        try
        {
            await _mounts.UnmountAsync(record.Name, cancellationToken);
            if (served)
            {
                Directory.Move(path, old);
            }

            Directory.Move(staged, path);
            swapped = true;
        }
        finally
        {
            // Swapped or not, the share is served again: the new tree, or (the swap having failed) the old one.
            await RecoverSwapAsync(pool, record.Name, CancellationToken.None);
            if (swapped)
            {
                _catalog.Update(_ => record.ReadOnly = readOnly);
            }

            await _mounts.EnsureAsync(pool, path, record.Name, record.ReadOnly, CancellationToken.None);
            await PublishAsync(record.Protocol, record.Name, record.ExportId, snapshot: false, record.Rules, disconnect: false, CancellationToken.None);
            if (swapped)
            {
                _catalog.Update(_ => record.Ready = true);
            }
        }
    }

    /// <summary>
    /// The newest generation both sides hold (sent on the active's pool, completely received on the replica's), or
    /// null. Received generations a crash left half-written (btrfs makes them read-only only at the end) are deleted.
    /// </summary>
    private static async Task<string?> CommonGenerationAsync(Pool sourcePool, Pool targetPool, string replicaId, CancellationToken cancellationToken)
    {
        var complete = new HashSet<long>();
        foreach (var (number, path) in Generations(ReceivedFolder(targetPool, replicaId)).ToList())
        {
            if (await BtrfsPool.IsSubvolumeAsync(path, cancellationToken) && await BtrfsPool.IsReadOnlyAsync(path, cancellationToken))
            {
                complete.Add(number);
            }
            else
            {
                await targetPool.DeleteAsync(path, cancellationToken);
            }
        }

        var common = Generations(SentFolder(sourcePool, replicaId)).Where(g => complete.Contains(g.Number)).OrderByDescending(g => g.Number).FirstOrDefault();
        return common.Path;
    }

    /// <summary>
    /// Whether the active share has not changed since <paramref name="sent"/> was taken (btrfs bumps a subvolume's
    /// generation with every committed change, atime updates included; a snapshot leaves its source at the snapshot's
    /// creation generation) and the
    /// replica serves a snapshot of that generation's received copy.
    /// </summary>
    private static async Task<bool> UpToDateAsync(string share, string sent, string served, string received, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(served) || !Directory.Exists(received))
        {
            return false;
        }

        // Generations count committed transactions: commit what was written so far first.
        (await Command.RunAsync("btrfs", ["filesystem", "sync", share], cancellationToken)).EnsureSuccess("The backend could not commit the share's data.");
        var source = await BtrfsPool.ShowAsync(share, cancellationToken);
        var taken = await BtrfsPool.ShowAsync(sent, cancellationToken);
        var copy = await BtrfsPool.ShowAsync(served, cancellationToken);
        var arrived = await BtrfsPool.ShowAsync(received, cancellationToken);
        return long.TryParse(source.GetValueOrDefault("Generation"), CultureInfo.InvariantCulture, out var changed)
            && long.TryParse(taken.GetValueOrDefault("Gen at creation"), CultureInfo.InvariantCulture, out var snapped)
            && changed <= snapped
            && copy.GetValueOrDefault("Parent UUID") is { Length: > 1 } origin
            && origin == arrived.GetValueOrDefault("UUID");
    }

    /// <summary>The newest complete generation a replica received on this pool, or null.</summary>
    private static async Task<string?> NewestReceivedAsync(Pool pool, string replicaId, CancellationToken cancellationToken)
    {
        foreach (var (_, path) in Generations(ReceivedFolder(pool, replicaId)).OrderByDescending(g => g.Number))
        {
            if (await BtrfsPool.IsSubvolumeAsync(path, cancellationToken) && await BtrfsPool.IsReadOnlyAsync(path, cancellationToken))
            {
                return path;
            }
        }

        return null;
    }

    /// <summary>
    /// <c>btrfs send [-p parent] snapshot | btrfs receive folder</c>: one pipe between the two processes, nothing
    /// staged on disk; either side failing fails the whole (pipefail).
    /// </summary>
    private static async Task SendAsync(string snapshot, string? parent, string into, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(into);
        string[] arguments = parent is null
            ? ["-c", "set -o pipefail; btrfs send -q \"$1\" | btrfs receive -q \"$2\"", "sharehost-replicate", snapshot, into]
            : ["-c", "set -o pipefail; btrfs send -q -p \"$3\" \"$1\" | btrfs receive -q \"$2\"", "sharehost-replicate", snapshot, into, parent];
        (await Command.RunAsync("bash", arguments, cancellationToken, timeout: TimeSpan.FromHours(12)))
            .EnsureSuccess("The backend could not send the share's data to the replica.");
    }

    private static string ReplicationFolder(Pool pool, string replicaId) => Path.Combine(pool.Path, ReplicationFolderName, replicaId);

    private static string SentFolder(Pool pool, string replicaId) => Path.Combine(ReplicationFolder(pool, replicaId), "sent");

    private static string ReceivedFolder(Pool pool, string replicaId) => Path.Combine(ReplicationFolder(pool, replicaId), "received");

    /// <summary>The numbered generations in a folder.</summary>
    private static IEnumerable<(long Number, string Path)> Generations(string folder) =>
        Directory.Exists(folder)
            ? Directory.EnumerateDirectories(folder)
                .Select(d => (Ok: long.TryParse(Path.GetFileName(d), NumberStyles.None, CultureInfo.InvariantCulture, out var n), Number: n, Path: d))
                .Where(g => g.Ok)
                .Select(g => (g.Number, g.Path))
            : [];

    private static async Task DeleteGenerationsAsync(Pool pool, string folder, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(folder))
        {
            return;
        }

        foreach (var child in Directory.EnumerateDirectories(folder).ToList())
        {
            await pool.DeleteAsync(child, cancellationToken);
        }
    }

    /// <summary>Everything replication kept on this pool for one replica (sent and received generations). Idempotent.</summary>
    private static async Task DeleteReplicationFolderAsync(Pool pool, string replicaId, CancellationToken cancellationToken)
    {
        var folder = ReplicationFolder(pool, replicaId);
        if (!Directory.Exists(folder))
        {
            return;
        }

        foreach (var side in Directory.EnumerateDirectories(folder).ToList())
        {
            await DeleteGenerationsAsync(pool, side, cancellationToken);
        }

        Directory.Delete(folder, recursive: true);
    }
}
