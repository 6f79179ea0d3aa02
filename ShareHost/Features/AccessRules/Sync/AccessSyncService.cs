using Microsoft.Extensions.Options;

namespace ShareHost.Features.AccessRules.Sync;

/// <summary>
/// Runs access syncs, at most one at a time per share instance and <see cref="AccessRuleOptions.MaxConcurrentSyncs"/>
/// overall. Requests that arrive while an instance's sync runs are coalesced: the rows they wrote stay queued_* and the
/// next pass sends them all in one driver call (after <see cref="AccessRuleOptions.CoalesceMilliseconds"/>, so a burst
/// gathers; a change on an idle instance goes at once). The database is the only record: a request lost with the
/// process is found again by start-up recovery.
/// </summary>
public sealed class AccessSyncService : IAsyncDisposable
{
    private readonly AccessSyncPass _pass;
    private readonly IOptionsMonitor<AccessRuleOptions> _options;
    private readonly ILogger<AccessSyncService> _logger;
    private readonly SemaphoreSlim _slots;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Dictionary<string, Worker> _workers = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    public AccessSyncService(AccessSyncPass pass, IOptionsMonitor<AccessRuleOptions> options, ILogger<AccessSyncService> logger)
    {
        _pass = pass;
        _options = options;
        _logger = logger;
        _slots = new SemaphoreSlim(Math.Max(1, options.CurrentValue.MaxConcurrentSyncs));
    }

    /// <summary>Instances with a sync running or due.</summary>
    public int Busy
    {
        get
        {
            lock (_lock)
            {
                return _workers.Count;
            }
        }
    }

    /// <summary>Asks for a sync of the instance: now, or right after the one running.</summary>
    public void Request(string instanceId)
    {
        lock (_lock)
        {
            Due(instanceId);
        }
    }

    /// <summary>Runs a sync that starts after this call and returns how it ended (for callers that must know, like share deletion).</summary>
    public Task<AccessSyncResult> SyncAsync(string instanceId, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (_stopping.IsCancellationRequested)
            {
                return Task.FromResult(AccessSyncResult.Stopped);
            }

            var worker = Due(instanceId)!;
            worker.Waiters ??= new TaskCompletionSource<AccessSyncResult>(TaskCreationOptions.RunContinuationsAsynchronously);
            return worker.Waiters.Task.WaitAsync(cancellationToken);
        }
    }

    /// <summary>Completes when no sync is running or due (for tests and benchmarks).</summary>
    public async Task WhenIdleAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (Busy > 0)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"access syncs still running after {timeout.TotalSeconds:0.#} s");
            }

            await Task.Delay(10);
        }
    }

    /// <summary>Cancels running syncs (their rules stay in flight and are sent again after the next start) and waits, bounded.</summary>
    public async Task StopAsync()
    {
        Task[] loops;
        lock (_lock)
        {
            if (!_stopping.IsCancellationRequested)
            {
                _stopping.Cancel();
            }

            loops = _workers.Values.Select(w => w.Loop).ToArray();
        }

        try
        {
            await Task.WhenAll(loops).WaitAsync(TimeSpan.FromSeconds(30));
        }
        catch (TimeoutException)
        {
            _logger.LogWarning("Some access syncs did not stop within 30 s of shutdown");
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _stopping.Dispose();
        _slots.Dispose();
    }

    /// <summary>Marks the instance due, starting its loop if none runs. Call under the lock.</summary>
    private Worker? Due(string instanceId)
    {
        if (_stopping.IsCancellationRequested)
        {
            return null;
        }

        if (_workers.TryGetValue(instanceId, out var worker))
        {
            worker.Due = true;
            return worker;
        }

        worker = new Worker { Due = true };
        _workers[instanceId] = worker;
        worker.Loop = LoopAsync(instanceId, worker);
        return worker;
    }

    private async Task LoopAsync(string instanceId, Worker worker)
    {
        await Task.Yield();
        var burst = false;
        while (true)
        {
            TaskCompletionSource<AccessSyncResult>? waiters;
            lock (_lock)
            {
                if (!worker.Due || _stopping.IsCancellationRequested)
                {
                    _workers.Remove(instanceId);
                    worker.Waiters?.TrySetResult(AccessSyncResult.Stopped);
                    return;
                }

                worker.Due = false;
                waiters = worker.Waiters;
                worker.Waiters = null;
            }

            var result = await PassAsync(instanceId, burst);
            waiters?.TrySetResult(result);
            burst = result == AccessSyncResult.MoreQueued;
            if (burst)
            {
                lock (_lock)
                {
                    worker.Due = true;
                }
            }
        }
    }

    private async Task<AccessSyncResult> PassAsync(string instanceId, bool burst)
    {
        try
        {
            // Changes kept arriving during the last call: let the burst gather a little longer, so it costs fewer calls.
            if (burst && _options.CurrentValue.CoalesceMilliseconds is > 0 and var delay)
            {
                await Task.Delay(Math.Min(delay, 10_000), _stopping.Token);
            }

            await _slots.WaitAsync(_stopping.Token);
            try
            {
                return await _pass.RunAsync(instanceId, _stopping.Token);
            }
            finally
            {
                _slots.Release();
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            return AccessSyncResult.Stopped;
        }
        catch (Exception e)
        {
            // The rules keep their states in the database; start-up recovery or the next request picks them up.
            _logger.LogError(e, "Access sync of share instance {Instance} failed unexpectedly", instanceId);
            return AccessSyncResult.Waiting;
        }
    }

    private sealed class Worker
    {
        public bool Due { get; set; }

        public TaskCompletionSource<AccessSyncResult>? Waiters { get; set; }

        public Task Loop { get; set; } = Task.CompletedTask;
    }
}
