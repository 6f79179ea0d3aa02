using ShareHost.Features.Backends;

namespace ShareHost.Features.AccessRules.Sync;

/// <summary>
/// Manila's ensure_driver_resources for access rules: at start, rules a previous run left in a driver call
/// (applying, denying) go back to queued_* and every instance with unsettled rules is synced again. Afterwards, each
/// stats report of a backend re-requests syncs of its instances whose rules still wait (the backend was down, an
/// instance was still being created), so queued rules never wait for a request that was lost.
/// </summary>
public sealed class AccessRecovery(AccessSyncRepository repository, AccessSyncService sync, BackendRegistry backends, ILogger<AccessRecovery> logger)
    : IBackendStartupHook
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> _sweeping = new(StringComparer.Ordinal);

    public async Task AfterBackendsStartedAsync(CancellationToken cancellationToken)
    {
        var instances = await repository.ResetInFlightAsync(cancellationToken);
        foreach (var instance in instances)
        {
            sync.Request(instance);
        }

        if (instances.Count > 0)
        {
            logger.LogInformation("Access rules of {Count} share instances are being synced again after the start", instances.Count);
        }

        backends.StatsRefreshed += Sweep;
    }

    public async Task StopAsync()
    {
        backends.StatsRefreshed -= Sweep;
        await sync.StopAsync();
    }

    private void Sweep(Backend backend) => _ = SweepAsync(backend);

    private async Task SweepAsync(Backend backend)
    {
        // One sweep per backend at a time: a slow database must not pile them up.
        if (!_sweeping.TryAdd(backend.Name, true))
        {
            return;
        }

        try
        {
            foreach (var instance in await repository.QueuedOnBackendAsync(backend.Name, CancellationToken.None))
            {
                sync.Request(instance);
            }
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Looking for queued access rules on backend {Backend} failed", backend.Name);
        }
        finally
        {
            _sweeping.TryRemove(backend.Name, out _);
        }
    }
}
