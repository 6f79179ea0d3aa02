namespace ShareHost.Drivers.Dummy;

/// <summary>
/// A pool's snapshot capabilities. The Dummy implements every snapshot interface, so its pools advertise them all
/// unless configured off (which is how a lab or a test gets a pool that cannot snapshot).
/// </summary>
public sealed partial class DummyPoolOptions
{
    public bool SnapshotSupport { get; init; } = true;

    public bool CreateShareFromSnapshotSupport { get; init; } = true;

    public bool RevertToSnapshotSupport { get; init; } = true;

    /// <summary>Snapshots are exported read-only, with their own access rules.</summary>
    public bool MountSnapshotSupport { get; init; } = true;
}
