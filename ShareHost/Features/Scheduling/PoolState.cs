namespace ShareHost.Features.Scheduling;

/// <summary>A pool as the scheduler sees it: capacity numbers plus a flat capability dictionary with Manila's keys.</summary>
public sealed record PoolState(
    string Backend,
    string Pool,
    string Host,
    string AvailabilityZone,
    double? TotalCapacityGb,
    double? FreeCapacityGb,
    double ProvisionedCapacityGb,
    int ReservedPercentage,
    int ReservedSnapshotPercentage,
    int ReservedShareExtendPercentage,
    bool ThinProvisioning,
    double MaxOverSubscriptionRatio,
    string? ReplicationDomain,
    IReadOnlyDictionary<string, object?> Capabilities)
{
    /// <summary><c>host@backend#pool</c>.</summary>
    public string Name => $"{Host}@{Backend}#{Pool}";
}
