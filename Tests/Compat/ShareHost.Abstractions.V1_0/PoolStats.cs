namespace ShareHost.Abstractions;

/// <summary>
/// One pool's capacity and capabilities. Names and meanings follow Manila's pool capabilities, so share-type extra
/// specs written for Manila match the same way.
/// </summary>
public sealed class PoolStats
{
    /// <summary>The pool name, unique within the backend; the part after <c>#</c> in <c>host@backend#pool</c>.</summary>
    public required string Name { get; init; }

    /// <summary>Total capacity in GiB, or <see langword="null"/> when unknown (the capacity filter then passes).</summary>
    public double? TotalCapacityGb { get; init; }

    /// <summary>Free capacity in GiB, or <see langword="null"/> when unknown.</summary>
    public double? FreeCapacityGb { get; init; }

    /// <summary>The sum of the sizes of shares provisioned in the pool, in GiB, for thin-provisioning arithmetic.</summary>
    public double? ProvisionedCapacityGb { get; init; }

    /// <summary>Percentage of total capacity kept free for new shares (0–100).</summary>
    public int ReservedPercentage { get; init; }

    /// <summary>Percentage of total capacity kept free for shares created from snapshots (0–100).</summary>
    public int ReservedSnapshotPercentage { get; init; }

    /// <summary>Percentage of total capacity kept free for extending shares (0–100).</summary>
    public int ReservedShareExtendPercentage { get; init; }

    /// <summary>Thin provisioning modes offered: <c>[false]</c>, <c>[true]</c> or both.</summary>
    public IReadOnlyList<bool> ThinProvisioning { get; init; } = [false];

    /// <summary>How far provisioned capacity may exceed total capacity when thin provisioning (≥ 1).</summary>
    public double MaxOverSubscriptionRatio { get; init; } = 20.0;

    /// <summary>Whether the pool can take snapshots.</summary>
    public bool SnapshotSupport { get; init; }

    /// <summary>Whether the pool can create a share from a snapshot.</summary>
    public bool CreateShareFromSnapshotSupport { get; init; }

    /// <summary>Whether the pool can revert a share to its latest snapshot while keeping every snapshot.</summary>
    public bool RevertToSnapshotSupport { get; init; }

    /// <summary>Whether the pool can export snapshots for read-only mounting.</summary>
    public bool MountSnapshotSupport { get; init; }

    /// <summary>Replication type offered (<c>readable</c>, <c>writable</c>, <c>dr</c>), or <see langword="null"/> for none.</summary>
    public string? ReplicationType { get; init; }

    /// <summary>Backends sharing a replication domain can hold replicas of each other's shares.</summary>
    public string? ReplicationDomain { get; init; }

    /// <summary>Quality-of-service modes offered.</summary>
    public IReadOnlyList<bool> Qos { get; init; } = [false];

    /// <summary>Deduplication modes offered: <c>[false]</c>, <c>[true]</c> or both.</summary>
    public IReadOnlyList<bool> Dedupe { get; init; } = [false];

    /// <summary>Compression modes offered: <c>[false]</c>, <c>[true]</c> or both.</summary>
    public IReadOnlyList<bool> Compression { get; init; } = [false];

    /// <summary>
    /// Further capabilities matched by share-type extra specs. Values are strings, booleans, numbers, or lists of
    /// them (a list offers every value in it).
    /// </summary>
    public IReadOnlyDictionary<string, object> Capabilities { get; init; } = new Dictionary<string, object>();
}
