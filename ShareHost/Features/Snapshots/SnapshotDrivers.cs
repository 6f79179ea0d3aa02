using ShareHost.Abstractions;
using ShareHost.Features.Backends;
using ShareHost.Features.Shares;
using ShareHost.Features.ShareTypes;

namespace ShareHost.Features.Snapshots;

/// <summary>
/// What snapshot handlers need to call a driver: the snapshot as the driver sees it, on the backend it lives on, and
/// calls through <see cref="DriverInvoker"/> that refuse, before calling, a driver lacking the optional interface.
/// </summary>
public sealed class SnapshotDrivers(
    ShareRepository shares,
    ShareTypeRepository shareTypes,
    SnapshotRepository snapshots,
    BackendRegistry backends,
    DriverInvoker invoker)
{
    /// <summary>The snapshot's backend (null when no longer configured) and the driver's view of the snapshot.</summary>
    public async Task<(Backend? Backend, DriverSnapshot Snapshot)> ResolveAsync(SnapshotRecord snapshot, CancellationToken cancellationToken)
    {
        var share = await shares.FindAsync(snapshot.ShareId, cancellationToken)
            ?? throw new InvalidOperationException($"share {snapshot.ShareId} of snapshot {snapshot.Id} is gone");
        var instance = await shares.FindInstanceAsync(snapshot.ShareInstanceId, cancellationToken)
            ?? throw new InvalidOperationException($"share instance {snapshot.ShareInstanceId} of snapshot {snapshot.Id} is gone");
        var type = share.ShareTypeId is null ? null : await shareTypes.FindByIdAsync(share.ShareTypeId, cancellationToken);
        var exports = await shares.ExportLocationsAsync([instance.Id], cancellationToken);
        var snapshotExports = await snapshots.ExportLocationsAsync([snapshot.InstanceId], cancellationToken);
        return (backends.Find(instance.Backend), DriverSnapshots.For(snapshot, DriverShares.For(share, instance, type, exports), snapshotExports));
    }

    /// <summary>
    /// Calls <typeparamref name="TDriver"/> on the backend. A missing backend, or a driver that does not implement the
    /// interface, fails as a <see cref="DriverCallException"/> without any call being made.
    /// </summary>
    public Task<T> CallAsync<TDriver, T>(Backend? backend, string backendName, string operation, Func<TDriver, CancellationToken, Task<T>> call, CancellationToken cancellationToken)
        where TDriver : class
    {
        if (backend is null)
        {
            throw new DriverCallException($"backend {backendName} not configured", $"The backend '{backendName}' is no longer configured.");
        }

        if (backend.Driver is { } driver && driver is not TDriver)
        {
            throw new DriverCallException(
                $"driver of backend {backend.Name} does not implement {typeof(TDriver).Name}",
                $"The backend '{backend.Name}' does not support '{operation}'.") { NotSupported = true };
        }

        return invoker.CallAsync(backend, operation, (d, ct) => call((TDriver)(object)d, ct), cancellationToken);
    }

    public Task CallAsync<TDriver>(Backend? backend, string backendName, string operation, Func<TDriver, CancellationToken, Task> call, CancellationToken cancellationToken)
        where TDriver : class =>
        CallAsync<TDriver, bool>(backend, backendName, operation, async (d, ct) =>
        {
            await call(d, ct);
            return true;
        }, cancellationToken);
}
