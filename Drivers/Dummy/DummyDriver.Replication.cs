using System.Collections.Concurrent;
using Microsoft.Extensions.Configuration;
using ShareHost.Abstractions;

namespace ShareHost.Drivers.Dummy;

/// <summary>
/// Replication on the Dummy backend (contract 1.4), simulated between Dummy backends of one host: a replica is a share
/// instance in the peer backend's store whose content version follows the active one's with a lag
/// (<c>Replication:LagPolls</c> state polls); <c>Replication:Broken</c> keeps every replica out of sync and
/// <c>Replication:Unreachable</c> hides a backend from its peers (so does the host marking it unreachable). Readable
/// replicas are exported read-only. Faults and latency apply as everywhere (operations CreateReplica, DeleteReplica,
/// PromoteReplica, UpdateReplicaState, CreateReplicatedSnapshot, DeleteReplicatedSnapshot).
/// </summary>
public sealed partial class DummyDriver : IReplicationDriver
{
    /// <summary>
    /// Every Dummy backend of this process by its state directory: the host gives each backend its own folder named after
    /// it, so a backend finds a peer of the same host by name, and two hosts in one process (tests) never meet.
    /// </summary>
    private static readonly ConcurrentDictionary<string, DummyDriver> Peers = new(StringComparer.Ordinal);

    /// <summary>Replicas this backend (as the active side) knows to be catching up, with the polls seen since.</summary>
    private readonly ConcurrentDictionary<string, int> _behind = new(StringComparer.Ordinal);

    private IConfiguration? _replicationOptions;
    private string _stateDirectory = "";

    private int LagPolls => _replicationOptions!.GetValue<int?>("Replication:LagPolls") ?? 1;

    private bool Broken => _replicationOptions!.GetValue<bool>("Replication:Broken");

    private bool Unreachable => _replicationOptions!.GetValue<bool>("Replication:Unreachable");

    public async Task<ReplicaResult> CreateReplicaAsync(ReplicationRequest request, CancellationToken cancellationToken)
    {
        await _behaviour.BeforeAsync("CreateReplica", cancellationToken);
        var source = ActiveShare(request);
        var peer = Peer(request.Replica) ?? throw UnreachableBackend(request.Replica);
        var replica = request.Replica.Share;
        if (peer._pools.All(p => p.Name != replica.PoolName))
        {
            throw new ShareDriverException($"There is no pool '{replica.PoolName}' on backend {request.Replica.BackendName}.");
        }

        var stored = peer._store.Find(replica.Id)
            ?? new DummyShare(replica.Id, replica.ShareId, replica.PoolName, replica.SizeGb, source.Protocol, ExportPathFor(replica), ContentVersion: -1);
        peer._store.Put(stored);
        foreach (var snapshot in request.Snapshots)
        {
            // Seeded from the active replica's snapshot; found again by snapshot id and replica on later calls.
            var taken = _store.FindSnapshot(snapshot.Id);
            if (taken is not null && peer.SnapshotOn(snapshot.SnapshotId, replica.Id) is null)
            {
                peer._store.PutSnapshot(taken with { Id = $"{snapshot.SnapshotId}@{replica.Id}", ShareInstanceId = replica.Id, Pool = replica.PoolName, AccessRules = [] });
            }
        }

        _behind[replica.Id] = 0;
        return new ReplicaResult { ReplicaId = replica.Id, State = ReplicaState.OutOfSync, ExportLocations = ReplicaExports(stored, Readable(replica)) };
    }

    public async Task DeleteReplicaAsync(ReplicationRequest request, CancellationToken cancellationToken)
    {
        await _behaviour.BeforeAsync("DeleteReplica", cancellationToken);
        var peer = Peer(request.Replica) ?? throw UnreachableBackend(request.Replica);
        peer._store.Remove(request.Replica.Share.Id);
        foreach (var snapshot in peer._store.AllSnapshots().Where(s => s.ShareInstanceId == request.Replica.Share.Id).ToList())
        {
            peer._store.RemoveSnapshot(snapshot.Id);
        }

        _behind.TryRemove(request.Replica.Share.Id, out _);
    }

    public async Task<IReadOnlyList<ReplicaResult>> PromoteReplicaAsync(ReplicationRequest request, CancellationToken cancellationToken)
    {
        await _behaviour.BeforeAsync("PromoteReplica", cancellationToken);
        var promoted = _store.Find(request.Replica.Share.Id)
            ?? throw new ShareNotFoundException($"Replica {request.Replica.Share.Id} does not exist on this backend.");
        var readable = Readable(request.Replica.Share);
        var results = new List<ReplicaResult>
        {
            new() { ReplicaId = promoted.Id, State = ReplicaState.Active, ExportLocations = ReplicaExports(promoted, readOnly: false) },
        };
        foreach (var other in request.Replicas.Where(r => r.Share.Id != promoted.Id))
        {
            // From now on this backend is the source: every other replica has to catch up with it.
            _behind[other.Share.Id] = 0;
            var stored = Peer(other)?._store.Find(other.Share.Id);
            results.Add(stored is null
                ? new() { ReplicaId = other.Share.Id, State = ReplicaState.Error, Message = $"Backend {other.BackendName} could not be reached during the promotion; resync the replica once it is back." }
                : new() { ReplicaId = other.Share.Id, State = ReplicaState.OutOfSync, ExportLocations = ReplicaExports(stored, readable) });
        }

        return results;
    }

    public async Task<ReplicaResult> UpdateReplicaStateAsync(ReplicationRequest request, CancellationToken cancellationToken)
    {
        await _behaviour.BeforeAsync("UpdateReplicaState", cancellationToken);
        var source = ActiveShare(request);
        var id = request.Replica.Share.Id;
        var peer = Peer(request.Replica);
        if (peer is null)
        {
            return new ReplicaResult { ReplicaId = id, State = ReplicaState.Error, Message = $"Backend {request.Replica.BackendName} cannot be reached (simulated)." };
        }

        if (Broken)
        {
            return new ReplicaResult { ReplicaId = id, State = ReplicaState.OutOfSync, Message = "The replication link is broken (simulated)." };
        }

        var target = peer._store.Find(id);
        if (target is null)
        {
            // Repair: the replica vanished on its backend, so seed it again.
            var replica = request.Replica.Share;
            target = new DummyShare(id, replica.ShareId, replica.PoolName, replica.SizeGb, source.Protocol, ExportPathFor(replica), ContentVersion: -1);
            peer._store.Put(target);
            _behind[id] = 0;
        }

        if (target.ContentVersion == source.ContentVersion && !_behind.ContainsKey(id))
        {
            return new ReplicaResult { ReplicaId = id, State = ReplicaState.InSync };
        }

        var polls = _behind.AddOrUpdate(id, 1, (_, n) => n + 1);
        if (polls < Math.Max(1, LagPolls))
        {
            return new ReplicaResult { ReplicaId = id, State = ReplicaState.OutOfSync, Message = $"Catching up (poll {polls} of {LagPolls})." };
        }

        peer._store.Put(target with { ContentVersion = source.ContentVersion, SizeGb = source.SizeGb });
        _behind.TryRemove(id, out _);
        return new ReplicaResult { ReplicaId = id, State = ReplicaState.InSync };
    }

    public async Task<IReadOnlyList<ReplicaSnapshotResult>> CreateReplicatedSnapshotAsync(ReplicatedSnapshotRequest request, CancellationToken cancellationToken)
    {
        await _behaviour.BeforeAsync("CreateReplicatedSnapshot", cancellationToken);
        var taken = await CreateSnapshotAsync(request.ActiveSnapshot, cancellationToken);
        var results = new List<ReplicaSnapshotResult>
        {
            new() { SnapshotInstanceId = request.ActiveSnapshot.Id, Available = true, ProviderLocation = taken.ProviderLocation },
        };
        foreach (var snapshot in request.ReplicaSnapshots)
        {
            var replica = request.Replicas.FirstOrDefault(r => r.Share.Id == snapshot.Share.Id);
            var peer = replica is null ? null : Peer(replica);
            var share = peer?._store.Find(snapshot.Share.Id);
            if (peer is null || share is null)
            {
                results.Add(new() { SnapshotInstanceId = snapshot.Id, Available = false, Message = "The replica's backend cannot be reached (simulated)." });
                continue;
            }

            var path = share.Protocol == "CIFS" ? snapshot.Name : $"/snapshots/{snapshot.Name}";
            peer._store.PutSnapshot(new DummySnapshot(snapshot.Id, snapshot.SnapshotId, share.Id, share.Pool, share.SizeGb, share.Protocol, share.ContentVersion, path, []));
            results.Add(new() { SnapshotInstanceId = snapshot.Id, Available = true, ProviderLocation = $"dummy:{share.Pool}/{share.Id}@{snapshot.Id}" });
        }

        return results;
    }

    public async Task DeleteReplicatedSnapshotAsync(ReplicatedSnapshotRequest request, CancellationToken cancellationToken)
    {
        await _behaviour.BeforeAsync("DeleteReplicatedSnapshot", cancellationToken);
        _store.RemoveSnapshot(request.ActiveSnapshot.Id);
        foreach (var snapshot in request.ReplicaSnapshots)
        {
            var replica = request.Replicas.FirstOrDefault(r => r.Share.Id == snapshot.Share.Id);
            if (replica is not null && Peer(replica) is { } peer)
            {
                peer._store.RemoveSnapshot(snapshot.Id);
                if (peer.SnapshotOn(snapshot.SnapshotId, snapshot.Share.Id) is { } seeded)
                {
                    peer._store.RemoveSnapshot(seeded.Id);
                }
            }
        }
    }

    /// <summary>Whether this backend holds a share instance (tests use it to see a replica arrive and go).</summary>
    public bool Holds(string shareInstanceId) => _store.Find(shareInstanceId) is not null;

    /// <summary>The snapshot ids (logical) this backend holds for a share instance, seeded or taken.</summary>
    public IReadOnlyList<string> SnapshotIdsOf(string shareInstanceId) =>
        _store.AllSnapshots().Where(s => s.ShareInstanceId == shareInstanceId).Select(s => s.SnapshotId).Order(StringComparer.Ordinal).ToList();

    /// <summary>The size this backend holds a share instance at.</summary>
    public int SizeOf(string shareInstanceId) => _store.Find(shareInstanceId)?.SizeGb
        ?? throw new ArgumentException($"No share instance {shareInstanceId} on this backend.", nameof(shareInstanceId));

    partial void InitializeReplication(DriverContext context)
    {
        _replicationOptions = context.Options;
        _stateDirectory = context.StateDirectory;
        Peers[_stateDirectory] = this;
    }

    partial void DisposeReplication() => Peers.TryRemove(new KeyValuePair<string, DummyDriver>(_stateDirectory, this));

    /// <summary>The replica's backend in this host, or null when the host or the simulation says it cannot be reached.</summary>
    private DummyDriver? Peer(DriverReplica replica)
    {
        if (!replica.Reachable)
        {
            return null;
        }

        var path = Path.Combine(Path.GetDirectoryName(_stateDirectory) ?? "", replica.BackendName);
        return Peers.TryGetValue(path, out var peer) && (peer == this || !peer.Unreachable) ? peer : null;
    }

    private DummySnapshot? SnapshotOn(string snapshotId, string shareInstanceId) =>
        _store.AllSnapshots().FirstOrDefault(s => s.SnapshotId == snapshotId && s.ShareInstanceId == shareInstanceId);

    private DummyShare ActiveShare(ReplicationRequest request)
    {
        var active = request.Replicas.FirstOrDefault(r => r.State == ReplicaState.Active && r.Share.Id != request.Replica.Share.Id)
            ?? throw new ShareDriverException("The share has no active replica.");
        return _store.Find(active.Share.Id)
            ?? throw new ShareNotFoundException($"The active replica {active.Share.Id} does not exist on this backend.");
    }

    private static bool Readable(DriverShare share) => share.ExtraSpecs.GetValueOrDefault("replication_type") == "readable";

    private static ShareDriverException UnreachableBackend(DriverReplica replica) =>
        new($"Backend {replica.BackendName} cannot be reached (simulated).");

    private static List<ExportPath> ReplicaExports(DummyShare share, bool readOnly) =>
        Exports(share).Select(e => new ExportPath { Path = e.Path, Preferred = e.Preferred, IsAdminOnly = e.IsAdminOnly, ReadOnly = readOnly }).ToList();
}
