namespace ShareHost.Features.Scheduling;

/// <summary>What the scheduler places: a share (or an extension of one) with its type's extra specs.</summary>
public sealed record ScheduleRequest(
    int SizeGb,
    string Protocol,
    IReadOnlyDictionary<string, string> ExtraSpecs,
    string? AvailabilityZone = null,
    bool IsExtend = false,
    bool FromSnapshot = false,
    SnapshotSource? Snapshot = null);

/// <summary>Where the snapshot a share is created from lives (for the CreateFromSnapshot filter and the host-affinity weigher).</summary>
public sealed record SnapshotSource(string Backend, string Pool, string AvailabilityZone, string? ReplicationDomain);
