namespace ShareHost.Drivers.Dummy;

/// <summary>
/// The <c>Replication</c> part of a Dummy backend's options. A pool offers replication with its own
/// <c>ReplicationType</c> and <c>ReplicationDomain</c>; these keys shape how replication behaves and are read live on
/// every call, so a test can change them while the host runs
/// (<c>Backends:dummy1:Options:Replication:Unreachable = true</c>).
/// </summary>
public sealed partial class DummyOptions
{
    public DummyReplicationOptions Replication { get; init; } = new();
}

public sealed class DummyReplicationOptions
{
    /// <summary>State polls a replica that is behind needs before it catches up and reports in_sync (0 or 1: the first poll).</summary>
    public int LagPolls { get; init; } = 1;

    /// <summary>On the active replica's backend: its replication links are broken, every replica stays out_of_sync.</summary>
    public bool Broken { get; init; }

    /// <summary>This backend cannot be reached by its peers: replicas on it cannot be created, checked or deleted.</summary>
    public bool Unreachable { get; init; }
}
