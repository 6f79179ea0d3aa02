namespace ShareHost.Abstractions;

/// <summary>
/// Optional (contract 1.3): the driver takes and deletes snapshots of share instances. A pool advertises
/// <see cref="PoolStats.SnapshotSupport"/> only if its driver implements this; the host enforces that.
/// </summary>
public interface ISnapshotDriver
{
    /// <summary>Takes a point-in-time, read-only snapshot of a share instance. Idempotent by snapshot instance id.</summary>
    /// <param name="snapshot">The snapshot instance to create, with the share instance it is taken of.</param>
    /// <param name="cancellationToken">Fires when the call's timeout expires or the host stops.</param>
    /// <returns>Where the backend keeps it and, for mountable snapshots, its export locations.</returns>
    Task<SnapshotResult> CreateSnapshotAsync(DriverSnapshot snapshot, CancellationToken cancellationToken);

    /// <summary>Deletes a snapshot and any export of it.</summary>
    /// <param name="snapshot">The snapshot instance to delete.</param>
    /// <param name="cancellationToken">Fires when the call's timeout expires or the host stops.</param>
    /// <returns>A task that completes when the snapshot is gone.</returns>
    /// <exception cref="ShareNotFoundException">The snapshot does not exist; the host treats this as success.</exception>
    Task DeleteSnapshotAsync(DriverSnapshot snapshot, CancellationToken cancellationToken);
}

/// <summary>
/// Optional (contract 1.3): revert a share instance in place to its latest snapshot <b>keeping every snapshot</b>.
/// A backend that would lose snapshots must not implement it (nor advertise <see cref="PoolStats.RevertToSnapshotSupport"/>).
/// </summary>
public interface IRevertToSnapshotDriver
{
    /// <summary>Makes the share's content equal to the snapshot's; the snapshot and all others remain.</summary>
    /// <param name="share">The share instance to revert.</param>
    /// <param name="snapshot">Its latest snapshot (the host only asks for the latest).</param>
    /// <param name="cancellationToken">Fires when the call's timeout expires or the host stops.</param>
    /// <returns>A task that completes when the share serves the snapshot's content.</returns>
    Task RevertToSnapshotAsync(DriverShare share, DriverSnapshot snapshot, CancellationToken cancellationToken);
}

/// <summary>
/// Optional (contract 1.3): create a new share instance whose initial content is a snapshot's. The scheduler only
/// places such shares on pools that advertise <see cref="PoolStats.CreateShareFromSnapshotSupport"/>.
/// </summary>
public interface IShareFromSnapshotDriver
{
    /// <summary>Creates <paramref name="share"/> from <paramref name="snapshot"/>. Idempotent by share instance id.</summary>
    /// <param name="share">The new share instance, in the pool the scheduler chose.</param>
    /// <param name="snapshot">The snapshot to copy, possibly on another pool of this backend.</param>
    /// <param name="cancellationToken">Fires when the call's timeout expires or the host stops.</param>
    /// <returns>The new instance's export locations.</returns>
    Task<CreateShareResult> CreateShareFromSnapshotAsync(DriverShare share, DriverSnapshot snapshot, CancellationToken cancellationToken);
}

/// <summary>
/// Optional (contract 1.3): mountable snapshots. Snapshot exports are read-only; the driver admits exactly the
/// snapshot's access rules. Pools advertise <see cref="PoolStats.MountSnapshotSupport"/> only with this interface.
/// </summary>
public interface ISnapshotAccessDriver
{
    /// <summary>Makes the snapshot's exports admit exactly <see cref="SnapshotAccessUpdate.Rules"/>, read-only.</summary>
    /// <param name="update">The snapshot, its desired rules and the difference from the previous call.</param>
    /// <param name="cancellationToken">Fires when the call's timeout expires or the host stops.</param>
    /// <returns>A result for each rule that failed; others may be omitted.</returns>
    Task<IReadOnlyList<AccessRuleResult>> UpdateSnapshotAccessAsync(SnapshotAccessUpdate update, CancellationToken cancellationToken);
}

/// <summary>A snapshot instance as a driver sees it (contract 1.3).</summary>
public sealed class DriverSnapshot
{
    /// <summary>The snapshot instance id; the key a driver stores the snapshot under.</summary>
    public required string Id { get; init; }

    /// <summary>The id of the logical snapshot.</summary>
    public required string SnapshotId { get; init; }

    /// <summary>A backend-safe name, <c>snapshot-&lt;instance id&gt;</c>.</summary>
    public required string Name { get; init; }

    /// <summary>The share instance the snapshot is of.</summary>
    public required DriverShare Share { get; init; }

    /// <summary>The snapshot's size in GiB (the share's size when it was taken).</summary>
    public required int SizeGb { get; init; }

    /// <summary>What the driver returned as <see cref="SnapshotResult.ProviderLocation"/> when it created the snapshot.</summary>
    public string? ProviderLocation { get; init; }

    /// <summary>The snapshot's stored export locations (mountable snapshots), paths without an address.</summary>
    public IReadOnlyList<ExportPath> ExportLocations { get; init; } = [];
}

/// <summary>What a driver returns when it has taken a snapshot (contract 1.3).</summary>
public sealed class SnapshotResult
{
    /// <summary>Where the backend keeps the snapshot (admin-visible), handed back on later calls.</summary>
    public string? ProviderLocation { get; init; }

    /// <summary>Read-only export locations, for pools with <see cref="PoolStats.MountSnapshotSupport"/>.</summary>
    public IReadOnlyList<ExportPath> ExportLocations { get; init; } = [];
}

/// <summary>The access rules one snapshot instance should have (contract 1.3). Levels are always <c>ro</c>.</summary>
public sealed class SnapshotAccessUpdate
{
    /// <summary>The snapshot instance whose exports are changed.</summary>
    public required DriverSnapshot Snapshot { get; init; }

    /// <summary>Every rule the snapshot should admit after the call, including <see cref="AddRules"/>.</summary>
    public required IReadOnlyList<DriverAccessRule> Rules { get; init; }

    /// <summary>Rules new since the last call.</summary>
    public IReadOnlyList<DriverAccessRule> AddRules { get; init; } = [];

    /// <summary>Rules to remove; they are not in <see cref="Rules"/>.</summary>
    public IReadOnlyList<DriverAccessRule> DeleteRules { get; init; } = [];
}
