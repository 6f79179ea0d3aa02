namespace ShareHost.Features.Scheduling;

/// <summary>What the scheduler places: a share (or an extension of one) with its type's extra specs.</summary>
public sealed record ScheduleRequest(
    int SizeGb,
    string Protocol,
    IReadOnlyDictionary<string, string> ExtraSpecs,
    string? AvailabilityZone = null,
    bool IsExtend = false,
    bool FromSnapshot = false,
    SnapshotSource? Snapshot = null,
    ReplicaPlacement? Replica = null,
    string? OnlyHost = null);

/// <summary>Where the snapshot a share is created from lives (for the CreateFromSnapshot filter and the host-affinity weigher).</summary>
public sealed record SnapshotSource(string Backend, string Pool, string AvailabilityZone, string? ReplicationDomain);

/// <summary>
/// A new replica of a share (for the ShareReplication filter and the zone preference): the replication domain of the
/// active replica's pool, and the backends and zones that already hold a replica of the share.
/// </summary>
public sealed record ReplicaPlacement(string? ReplicationDomain, IReadOnlySet<string> ReplicaBackends, IReadOnlySet<string> ReplicaZones);
