namespace ShareHost.Features.Snapshots;

/// <summary>
/// A snapshot's live mounts (leases from the <c>mount</c> action on a snapshot), as the snapshot delete needs them:
/// a plain delete is refused while any lives, a force-delete ends them first. The mounts feature implements it.
/// </summary>
public interface ISnapshotMounts
{
    /// <summary>The ids of the snapshot's live mount leases (granted or being granted, time not up).</summary>
    Task<IReadOnlyList<string>> LiveAsync(SnapshotRecord snapshot, CancellationToken cancellationToken);

    /// <summary>Ends the snapshot's live mount leases (released) and withdraws their clients' access; returns how many ended.</summary>
    Task<int> EndAsync(SnapshotRecord snapshot, CancellationToken cancellationToken);
}
