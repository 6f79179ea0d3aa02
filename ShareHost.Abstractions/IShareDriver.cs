namespace ShareHost.Abstractions;

/// <summary>
/// The core of every ShareHost storage driver (contract 1.0). One instance serves one configured backend.
/// </summary>
/// <remarks>
/// <para>
/// The host calls these methods from background operations, never from an API request that lists or shows
/// resources. Every call carries a <see cref="CancellationToken"/> that fires when the host's per-call timeout
/// expires or the host shuts down; a driver should stop promptly when it fires. A call that outlives its timeout
/// is abandoned by the host and the operation ends in an error status with a user message.
/// </para>
/// <para>
/// Calls are idempotent by share instance id: after a crash or restart the host may repeat
/// <see cref="CreateShareAsync"/>, <see cref="DeleteShareAsync"/>, <see cref="ExtendShareAsync"/> or
/// <see cref="ShrinkShareAsync"/> for an instance it already asked about. Creating an instance that exists with the
/// same size must succeed and return its export locations; deleting one that does not exist must succeed or throw
/// <see cref="ShareNotFoundException"/>.
/// </para>
/// <para>
/// Optional features are separate interfaces a driver opts into by implementing them: <see cref="IAddressPicker"/>
/// (1.1), <see cref="IAccessDriver"/> (1.2), <see cref="ISnapshotDriver"/>, <see cref="IRevertToSnapshotDriver"/>,
/// <see cref="IShareFromSnapshotDriver"/> and <see cref="ISnapshotAccessDriver"/> (1.3), <see cref="IReplicationDriver"/>
/// (1.4). Adding one never changes
/// this interface, so a driver built against 1.0 keeps loading. A driver that implements
/// <see cref="IAsyncDisposable"/> or <see cref="IDisposable"/> is disposed when the host stops.
/// </para>
/// </remarks>
public interface IShareDriver
{
    /// <summary>Prepares the driver for its backend: reads its options, checks prerequisites, adopts existing state.</summary>
    /// <param name="context">The backend's name, options, logger and private state directory.</param>
    /// <param name="cancellationToken">Fires when the initialisation timeout expires or the host stops.</param>
    /// <returns>A task that completes when the driver is ready.</returns>
    /// <exception cref="ShareDriverException">The backend cannot be used; its message is shown as the reason the backend is down.</exception>
    Task InitializeAsync(DriverContext context, CancellationToken cancellationToken);

    /// <summary>Reports the backend's pools, capacities and capabilities as data, for the scheduler.</summary>
    /// <param name="cancellationToken">Fires when the call's timeout expires or the host stops.</param>
    /// <returns>Current statistics; the host refreshes them periodically.</returns>
    Task<BackendStats> GetStatsAsync(CancellationToken cancellationToken);

    /// <summary>Creates the storage for a share instance in the pool the scheduler chose.</summary>
    /// <param name="share">The instance to create; <see cref="DriverShare.PoolName"/> names the pool.</param>
    /// <param name="cancellationToken">Fires when the call's timeout expires or the host stops.</param>
    /// <returns>The export locations, as paths without an address.</returns>
    Task<CreateShareResult> CreateShareAsync(DriverShare share, CancellationToken cancellationToken);

    /// <summary>Deletes a share instance's storage and every export of it.</summary>
    /// <param name="share">The instance to delete.</param>
    /// <param name="cancellationToken">Fires when the call's timeout expires or the host stops.</param>
    /// <returns>A task that completes when the instance is gone.</returns>
    /// <exception cref="ShareNotFoundException">The instance does not exist; the host treats this as success.</exception>
    Task DeleteShareAsync(DriverShare share, CancellationToken cancellationToken);

    /// <summary>Grows a share instance to a new size.</summary>
    /// <param name="share">The instance, with its current size.</param>
    /// <param name="newSizeGb">The new size in GiB, larger than the current one.</param>
    /// <param name="cancellationToken">Fires when the call's timeout expires or the host stops.</param>
    /// <returns>A task that completes when the new size is in effect.</returns>
    Task ExtendShareAsync(DriverShare share, int newSizeGb, CancellationToken cancellationToken);

    /// <summary>Shrinks a share instance to a new size.</summary>
    /// <param name="share">The instance, with its current size.</param>
    /// <param name="newSizeGb">The new size in GiB, smaller than the current one.</param>
    /// <param name="cancellationToken">Fires when the call's timeout expires or the host stops.</param>
    /// <returns>A task that completes when the new size is in effect.</returns>
    /// <exception cref="ShareShrinkingPossibleDataLossException">More than <paramref name="newSizeGb"/> is in use; nothing was changed.</exception>
    /// <exception cref="NotSupportedException">The backend cannot shrink shares; nothing was changed.</exception>
    Task ShrinkShareAsync(DriverShare share, int newSizeGb, CancellationToken cancellationToken);

    /// <summary>
    /// Re-adopts share instances after the host starts: checks that each still exists and is exported, re-exports
    /// it if needed, and reports its current export locations.
    /// </summary>
    /// <param name="shares">Every instance the host believes is on this backend.</param>
    /// <param name="cancellationToken">Fires when the call's timeout expires or the host stops.</param>
    /// <returns>One result per instance the driver knows about; instances missing from the result are left as they are.</returns>
    Task<IReadOnlyList<EnsuredShare>> EnsureSharesAsync(IReadOnlyList<DriverShare> shares, CancellationToken cancellationToken);
}
