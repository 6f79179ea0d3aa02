using Microsoft.Extensions.Configuration;

namespace ShareHost.Abstractions;

/// <summary>
/// Optional (contract 1.4): replicas of a share on backends of one replication domain, possibly in other
/// availability zones. A pool advertises <see cref="PoolStats.ReplicationType"/> only if its driver implements this.
/// </summary>
/// <remarks>
/// <para>
/// As in Manila's design, there are no replication services: every call goes to the driver of the backend that holds
/// the active replica, which reaches the other backends itself. Each <see cref="DriverReplica"/> carries its
/// backend's name and <c>Options</c> section for that purpose. <see cref="PromoteReplicaAsync"/> is the exception: it
/// goes to the driver of the replica being promoted, because the old active one may be unreachable.
/// </para>
/// <para>
/// Readable replicas serve reads only: the host sends them every access rule as <c>ro</c> through
/// <see cref="IAccessDriver"/>, and their export locations should be marked <see cref="ExportPath.ReadOnly"/>.
/// Extending and shrinking a replicated share calls <see cref="IShareDriver"/> for every replica on its own backend.
/// </para>
/// </remarks>
public interface IReplicationDriver
{
    /// <summary>Creates <see cref="ReplicationRequest.Replica"/> as a copy of the active replica (a new replica starts <c>out_of_sync</c> unless the driver knows better).</summary>
    /// <param name="request">The new replica, every replica, the share's access rules and the active replica's snapshots.</param>
    /// <param name="cancellationToken">Fires when the call's timeout expires or the host stops.</param>
    /// <returns>The new replica's state and export locations.</returns>
    Task<ReplicaResult> CreateReplicaAsync(ReplicationRequest request, CancellationToken cancellationToken);

    /// <summary>Deletes a non-active replica and stops replicating to it. Idempotent.</summary>
    /// <param name="request">The replica to delete and every replica.</param>
    /// <param name="cancellationToken">Fires when the call's timeout expires or the host stops.</param>
    /// <returns>A task that completes when the replica is gone.</returns>
    Task DeleteReplicaAsync(ReplicationRequest request, CancellationToken cancellationToken);

    /// <summary>
    /// Makes <see cref="ReplicationRequest.Replica"/> the active replica. Must succeed when the old active replica's
    /// backend is unreachable (<see cref="DriverReplica.Reachable"/> false): report it as out of sync or in error.
    /// </summary>
    /// <param name="request">The replica to promote and every replica.</param>
    /// <param name="cancellationToken">Fires when the call's timeout expires or the host stops.</param>
    /// <returns>The new state of every replica the driver could determine; the promoted one is <see cref="ReplicaState.Active"/>.</returns>
    Task<IReadOnlyList<ReplicaResult>> PromoteReplicaAsync(ReplicationRequest request, CancellationToken cancellationToken);

    /// <summary>
    /// Reports how a non-active replica stands against the active one, repairing what it can on the way (a resync).
    /// Called periodically and on an admin's <c>resync</c>.
    /// </summary>
    /// <param name="request">The replica to check and every replica.</param>
    /// <param name="cancellationToken">Fires when the call's timeout expires or the host stops.</param>
    /// <returns>The replica's state after the call.</returns>
    Task<ReplicaResult> UpdateReplicaStateAsync(ReplicationRequest request, CancellationToken cancellationToken);

    /// <summary>Takes a snapshot of the active replica and makes it exist on every other replica.</summary>
    /// <param name="request">The snapshot, with one snapshot instance per replica.</param>
    /// <param name="cancellationToken">Fires when the call's timeout expires or the host stops.</param>
    /// <returns>One result per snapshot instance the driver could account for.</returns>
    Task<IReadOnlyList<ReplicaSnapshotResult>> CreateReplicatedSnapshotAsync(ReplicatedSnapshotRequest request, CancellationToken cancellationToken);

    /// <summary>Deletes a snapshot from every replica. Idempotent.</summary>
    /// <param name="request">The snapshot, with one snapshot instance per replica.</param>
    /// <param name="cancellationToken">Fires when the call's timeout expires or the host stops.</param>
    /// <returns>A task that completes when the snapshot is gone everywhere the driver can reach.</returns>
    Task DeleteReplicatedSnapshotAsync(ReplicatedSnapshotRequest request, CancellationToken cancellationToken);
}

/// <summary>How a replica stands against the active one (contract 1.4).</summary>
public enum ReplicaState
{
    /// <summary>The replica clients write to.</summary>
    Active = 0,

    /// <summary>Caught up with the active replica (within the backend's replication lag).</summary>
    InSync = 1,

    /// <summary>Behind the active replica; a resync may repair it.</summary>
    OutOfSync = 2,

    /// <summary>Broken or unreachable.</summary>
    Error = 3,
}

/// <summary>One replica of a share as a driver sees it (contract 1.4).</summary>
public sealed class DriverReplica
{
    /// <summary>The replica's share instance (its <see cref="DriverShare.Id"/> is the replica id).</summary>
    public required DriverShare Share { get; init; }

    /// <summary>The replica's last known state; exactly one replica of a share is <see cref="ReplicaState.Active"/>.</summary>
    public required ReplicaState State { get; init; }

    /// <summary>The backend holding the replica.</summary>
    public required string BackendName { get; init; }

    /// <summary>That backend's <c>Options</c> section, so the driver can reach it (pool paths, addresses …).</summary>
    public required IConfiguration BackendOptions { get; init; }

    /// <summary>Whether the host currently reaches that backend (false when it is down or its stats are stale).</summary>
    public bool Reachable { get; init; } = true;
}

/// <summary>What a replication call is about (contract 1.4).</summary>
public sealed class ReplicationRequest
{
    /// <summary>The replica the call is about: the new one, the one to delete, promote or check.</summary>
    public required DriverReplica Replica { get; init; }

    /// <summary>Every replica of the share, including <see cref="Replica"/>.</summary>
    public required IReadOnlyList<DriverReplica> Replicas { get; init; }

    /// <summary>The share's access rules, for drivers that copy them (the host also syncs them per replica).</summary>
    public IReadOnlyList<DriverAccessRule> AccessRules { get; init; } = [];

    /// <summary>The active replica's available snapshots, oldest first (a new replica may be seeded from them).</summary>
    public IReadOnlyList<DriverSnapshot> Snapshots { get; init; } = [];
}

/// <summary>A replica's state after a replication call (contract 1.4).</summary>
public sealed class ReplicaResult
{
    /// <summary>The replica's id (its share instance id).</summary>
    public required string ReplicaId { get; init; }

    /// <summary>Its state.</summary>
    public required ReplicaState State { get; init; }

    /// <summary>Its export locations, paths without an address; <see langword="null"/> keeps the stored ones.</summary>
    public IReadOnlyList<ExportPath>? ExportLocations { get; init; }

    /// <summary>Why it is out of sync or in error, shown to the share's owner.</summary>
    public string? Message { get; init; }
}

/// <summary>A snapshot of a replicated share (contract 1.4).</summary>
public sealed class ReplicatedSnapshotRequest
{
    /// <summary>The snapshot instance on the active replica.</summary>
    public required DriverSnapshot ActiveSnapshot { get; init; }

    /// <summary>The snapshot's instances on the other replicas (each one's <see cref="DriverSnapshot.Share"/> is that replica).</summary>
    public required IReadOnlyList<DriverSnapshot> ReplicaSnapshots { get; init; }

    /// <summary>Every replica of the share.</summary>
    public required IReadOnlyList<DriverReplica> Replicas { get; init; }
}

/// <summary>One snapshot instance after a replicated snapshot call (contract 1.4).</summary>
public sealed class ReplicaSnapshotResult
{
    /// <summary>The snapshot instance id.</summary>
    public required string SnapshotInstanceId { get; init; }

    /// <summary>Whether the snapshot exists on that replica now (false: still being transferred, or failed).</summary>
    public required bool Available { get; init; }

    /// <summary>What went wrong, when something did.</summary>
    public string? Message { get; init; }

    /// <summary>Where the backend keeps this instance, handed back on later calls.</summary>
    public string? ProviderLocation { get; init; }
}
