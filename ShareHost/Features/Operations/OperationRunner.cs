using Microsoft.Extensions.Options;

namespace ShareHost.Features.Operations;

/// <summary>
/// Runs accepted operations in the background: one at a time per share, in acceptance order; at most
/// <see cref="ShareHostOptions.MaxConcurrentOperations"/> at once overall. On shutdown, running operations are
/// cancelled and stay recorded, so the next start resumes them.
/// </summary>
public sealed class OperationRunner : IAsyncDisposable
{
    private readonly Dictionary<string, IOperationHandler> _handlers;
    private readonly IOperationGate? _gate;
    private readonly ILogger<OperationRunner> _logger;
    private readonly SemaphoreSlim _slots;
    private readonly CancellationTokenSource _stopping = new();
    /// <summary>The last operation queued per share (the one the next must wait for), while any is queued or running.</summary>
    private readonly Dictionary<string, (string OperationId, Task Task)> _tails = new(StringComparer.Ordinal);
    private readonly HashSet<string> _queued = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private TaskCompletionSource _idle = CompletedIdle();
    private bool _disposed;

    public OperationRunner(IEnumerable<IOperationHandler> handlers, IOptions<ShareHostOptions> options, ILogger<OperationRunner> logger,
        IOperationGate? gate = null)
    {
        _handlers = handlers.ToDictionary(h => h.Kind, StringComparer.Ordinal);
        _gate = gate;
        _logger = logger;
        _slots = new SemaphoreSlim(Math.Max(1, options.Value.MaxConcurrentOperations));
    }

    /// <summary>Operations queued or running.</summary>
    public int InFlight
    {
        get
        {
            lock (_lock)
            {
                return _queued.Count;
            }
        }
    }

    /// <summary>Queues an operation whose row is already committed. Queuing the same operation twice runs it once.</summary>
    public void Enqueue(Operation operation)
    {
        lock (_lock)
        {
            if (_stopping.IsCancellationRequested || !_queued.Add(operation.Id))
            {
                return;
            }

            if (_queued.Count == 1)
            {
                _idle = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }

            var previous = _tails.TryGetValue(operation.ShareId, out var tail) ? tail.Task : Task.CompletedTask;
            var next = RunAfterAsync(previous, operation);
            if (next.IsCompleted)
            {
                // It ran synchronously, so everything queued before it on this share has finished too.
                _tails.Remove(operation.ShareId);
            }
            else
            {
                _tails[operation.ShareId] = (operation.Id, next);
            }
        }
    }

    /// <summary>Completes when nothing is queued or running (for tests, benchmarks and shutdown).</summary>
    public Task WhenIdleAsync()
    {
        lock (_lock)
        {
            return _idle.Task;
        }
    }

    private async Task RunAfterAsync(Task previous, Operation operation)
    {
        try
        {
            await previous.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            await _slots.WaitAsync(_stopping.Token);
            try
            {
                await RunOneAsync(operation);
            }
            finally
            {
                _slots.Release();
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            // Shutting down: the operation stays recorded and resumes on the next start.
        }
        finally
        {
            lock (_lock)
            {
                _queued.Remove(operation.Id);
                // Forget the share once its last queued operation is done (the task itself is not complete yet here).
                if (_tails.TryGetValue(operation.ShareId, out var tail) && tail.OperationId == operation.Id)
                {
                    _tails.Remove(operation.ShareId);
                }

                if (_queued.Count == 0)
                {
                    _idle.TrySetResult();
                }
            }
        }
    }

    private async Task RunOneAsync(Operation operation)
    {
        if (!_handlers.TryGetValue(operation.Kind, out var handler))
        {
            _logger.LogError("No handler for operation kind {Kind} ({Id}); it stays recorded", operation.Kind, operation.Id);
            return;
        }

        try
        {
            // Another process may own the share's backend: then the operation is its to run (issue 3, ownership).
            if (_gate is not null && !await _gate.MayRunAsync(operation, _stopping.Token))
            {
                _logger.LogDebug("Operation {Kind} {Id} is left recorded for the process that owns its backend", operation.Kind, operation.Id);
                return;
            }

            await handler.RunAsync(operation, _stopping.Token);
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            throw;
        }
        catch (OperationDeferredException e)
        {
            _logger.LogWarning("Operation {Kind} {Id} on share {Share} stopped and stays recorded: {Reason}", operation.Kind, operation.Id, operation.ShareId, e.Message);
        }
        catch (Exception e)
        {
            _logger.LogError(e, "Operation {Kind} {Id} on share {Share} failed unexpectedly", operation.Kind, operation.Id, operation.ShareId);
            try
            {
                await handler.FailAsync(operation, $"The operation failed unexpectedly: {e.Message}", _stopping.Token);
            }
            catch (Exception inner) when (inner is not OperationCanceledException)
            {
                _logger.LogError(inner, "Could not record the failure of operation {Id}; it will be retried on the next start", operation.Id);
            }
        }
    }

    /// <summary>
    /// Cancels running operations and waits (bounded) until they have let go; they stay recorded and resume on the
    /// next start. Nothing queued later runs. Called when the host stops, before drivers are disposed.
    /// </summary>
    public async Task StopAsync()
    {
        Task[] running;
        lock (_lock)
        {
            if (!_stopping.IsCancellationRequested)
            {
                _stopping.Cancel();
            }

            running = _tails.Values.Select(t => t.Task).ToArray();
        }

        try
        {
            await Task.WhenAll(running).WaitAsync(TimeSpan.FromSeconds(30));
        }
        catch (Exception e) when (e is TimeoutException or OperationCanceledException)
        {
            _logger.LogWarning("Some operations did not stop within 30 s of shutdown");
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
        }

        _stopping.Dispose();
        _slots.Dispose();
    }

    private static TaskCompletionSource CompletedIdle()
    {
        var source = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        source.SetResult();
        return source;
    }
}
