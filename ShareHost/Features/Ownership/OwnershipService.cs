using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using ShareHost.Features.Backends;
using ShareHost.Features.Operations;

namespace ShareHost.Features.Ownership;

/// <summary>
/// Backend ownership leases. At start a backend is claimed before its driver is initialised (and not initialised at
/// all when another live process owns it: a real driver starts daemons). The renewal job keeps owned leases, drops a
/// backend the moment its lease turns out lost, takes over backends whose owner's lease expired (initialise, re-adopt
/// shares, load mount leases, resume the backend's recorded operations), and picks up operations other processes
/// recorded for backends this one owns.
/// </summary>
public sealed class OwnershipService(
    BackendRegistry backends,
    BackendLeaseRepository leases,
    HolderIdentity holder,
    ShareReconciler reconciler,
    OperationRepository operations,
    OperationRunner runner,
    IEnumerable<IOwnershipListener> listeners,
    IOptionsMonitor<OwnershipOptions> options,
    ILogger<OwnershipService> logger)
{
    private readonly ConcurrentDictionary<string, CancellationTokenSource> _owned = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Task> _takeovers = new(StringComparer.Ordinal);
    private readonly IReadOnlyList<IOwnershipListener> _listeners = listeners.ToList();

    public string HolderId => holder.Id;

    private double LeaseSeconds => Math.Max(1, options.CurrentValue.LeaseSeconds);

    /// <summary>At start: claim the backend, then initialise it, re-adopt its shares and load its mount leases; else stand by.</summary>
    public async Task StartAsync(Backend backend, CancellationToken cancellationToken)
    {
        if (await TryClaimAsync(backend, cancellationToken))
        {
            await ActivateAsync(backend, cancellationToken);
        }
    }

    /// <summary>The renewal job: keep owned leases, notice lost ones, take over expired ones, pick up recorded operations.</summary>
    public async Task RenewAsync(CancellationToken cancellationToken)
    {
        foreach (var backend in backends.All.Where(b => b.Ownership.Owned && _owned.ContainsKey(b.Name)))
        {
            await RenewOneAsync(backend, cancellationToken);
        }

        foreach (var backend in backends.All.Where(b => !b.Ownership.Owned))
        {
            // A takeover initialises a driver (seconds, maybe); renewals of other backends must not wait for it.
            if (!_takeovers.TryGetValue(backend.Name, out var running) || running.IsCompleted)
            {
                _takeovers[backend.Name] = TakeOverAsync(backend, cancellationToken);
            }
        }

        await PickUpOperationsAsync(cancellationToken);
    }

    /// <summary>On a clean stop: hand every owned backend on at once instead of making a successor wait out the lease.</summary>
    public async Task ReleaseAllAsync(CancellationToken cancellationToken)
    {
        foreach (var backend in backends.All.Where(b => b.Ownership.Owned && _owned.ContainsKey(b.Name)))
        {
            try
            {
                await leases.ReleaseAsync(backend.Name, holder.Id, backend.Ownership.Token, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Could not release the ownership lease of backend {Backend}; a successor waits for it to expire", backend.Name);
            }
        }
    }

    /// <summary>Checks a backend's lease now (a write found it not held by this process): drops the backend if it is lost.</summary>
    public Task CheckAsync(string backendName, CancellationToken cancellationToken) =>
        backends.Find(backendName) is { Ownership.Owned: true } backend ? RenewOneAsync(backend, cancellationToken) : Task.CompletedTask;

    private async Task<bool> TryClaimAsync(Backend backend, CancellationToken cancellationToken)
    {
        var current = await leases.FindAsync(backend.Name, cancellationToken);
        var dead = current is { SecondsLeft: > 0 } && options.CurrentValue.TakeOverDeadLocalHolders && holder.IsDeadLocalHolder(current.Holder)
            ? current.Holder
            : null;
        var claimed = await leases.ClaimAsync(backend.Name, holder.Id, LeaseSeconds, dead, cancellationToken);
        if (claimed is null)
        {
            var owner = await leases.FindAsync(backend.Name, cancellationToken);
            var standby = backend.Ownership.WasLost
                ? BackendOwnership.LostTo(owner?.Holder, owner?.Token ?? 0, owner?.ExpiresAt)
                : BackendOwnership.Standby(owner?.Holder, owner?.Token ?? 0, owner?.ExpiresAt);
            if (backend.Ownership.Owned || backend.Ownership.Holder != standby.Holder)
            {
                logger.LogInformation("Backend {Backend}: {Reason}", backend.Name, standby.Reason);
            }

            backend.SetOwnership(standby);
            backend.MarkDown(standby.Reason!);
            return false;
        }

        var lost = new CancellationTokenSource();
        if (_owned.TryRemove(backend.Name, out var previous))
        {
            await previous.CancelAsync();
            previous.Dispose();
        }

        _owned[backend.Name] = lost;
        backend.SetOwnership(BackendOwnership.Owner(holder.Id, claimed.Token, claimed.ExpiresAt, lost.Token));
        logger.LogInformation("Backend {Backend}: this process owns it with token {Token}{From}", backend.Name, claimed.Token,
            current is null ? "" : dead is not null ? $" (its previous holder {dead} is no longer running)" : $" (taken over from {current.Holder})");
        return true;
    }

    private async Task ActivateAsync(Backend backend, CancellationToken cancellationToken)
    {
        await backends.InitializeAsync(backend, cancellationToken);
        if (backend.IsUp)
        {
            await reconciler.EnsureAsync(backend, cancellationToken);
        }

        foreach (var listener in _listeners)
        {
            await listener.OnAcquiredAsync(backend, cancellationToken);
        }

        // Initialising can outlast the lease: renew at once, and let go if another process took the backend meanwhile.
        await RenewOneAsync(backend, cancellationToken);
    }

    private async Task TakeOverAsync(Backend backend, CancellationToken cancellationToken)
    {
        try
        {
            if (!await TryClaimAsync(backend, cancellationToken))
            {
                return;
            }

            await ActivateAsync(backend, cancellationToken);
            var pending = await operations.PendingAsync(cancellationToken);
            foreach (var operation in pending)
            {
                runner.Enqueue(operation);
            }

            logger.LogWarning("Backend {Backend} taken over with token {Token}: driver {State}, recorded operations resumed",
                backend.Name, backend.Ownership.Token, backend.IsUp ? "up" : $"down ({backend.Status.Reason})");
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.LogError(e, "Taking over backend {Backend} failed; the next renewal tries again", backend.Name);
        }
    }

    private async Task RenewOneAsync(Backend backend, CancellationToken cancellationToken)
    {
        var ownership = backend.Ownership;
        if (!ownership.Owned || !_owned.ContainsKey(backend.Name))
        {
            return;
        }

        DateTime? expiresAt;
        try
        {
            expiresAt = await leases.RenewAsync(backend.Name, holder.Id, ownership.Token, LeaseSeconds, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The database is unreachable: keep going, the lease holds until it expires and writes are fenced anyway.
            logger.LogWarning(e, "Renewing the ownership lease of backend {Backend} failed; retrying on the next run", backend.Name);
            return;
        }

        if (expiresAt is { } renewed)
        {
            backend.SetOwnership(BackendOwnership.Owner(holder.Id, ownership.Token, renewed, ownership.Lost));
            return;
        }

        await LoseAsync(backend, cancellationToken);
    }

    private async Task LoseAsync(Backend backend, CancellationToken cancellationToken)
    {
        var owner = await leases.FindAsync(backend.Name, cancellationToken);
        var lost = BackendOwnership.LostTo(owner?.Holder, owner?.Token ?? 0, owner?.ExpiresAt);
        backend.SetOwnership(lost);
        if (_owned.TryRemove(backend.Name, out var source))
        {
            // In-flight driver calls of this backend stop now; their operations stay recorded for the new owner.
            await source.CancelAsync();
            source.Dispose();
        }

        foreach (var listener in _listeners)
        {
            listener.OnLost(backend);
        }

        await backends.ShutDownDriverAsync(backend, lost.Reason!);
        logger.LogError("Backend {Backend}: {Reason}. Its driver is stopped and this process no longer acts on it", backend.Name, lost.Reason);
    }

    private async Task PickUpOperationsAsync(CancellationToken cancellationToken)
    {
        if (!backends.All.Any(b => b.Ownership.Owned))
        {
            return;
        }

        // Another process may have recorded work for a backend this one owns; the runner's gate leaves the rest.
        foreach (var operation in await operations.PendingAsync(cancellationToken))
        {
            runner.Enqueue(operation);
        }
    }
}
