using System.Diagnostics;
using Microsoft.Extensions.Options;
using ShareHost.Abstractions;
using ShareHost.Features.Ownership;

namespace ShareHost.Features.Backends;

/// <summary>
/// Every driver call goes through here: a per-call timeout (the driver's token fires, and the host stops waiting
/// even if the driver ignores it), and failures turned into <see cref="DriverCallException"/> with a user message.
/// </summary>
public sealed class DriverInvoker(IOptionsMonitor<ShareHostOptions> options, ILogger<DriverInvoker> logger)
{
    public async Task<T> CallAsync<T>(Backend backend, string operation, Func<IShareDriver, CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        // A backend another process owns is never called from here; losing the lease mid-call stops the call.
        var ownership = backend.Ownership;
        if (!ownership.Owned)
        {
            throw new BackendNotOwnedException(backend.Name, ownership.Describe(backend.Name));
        }

        using var owned = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, ownership.Lost);
        cancellationToken = owned.Token;
        var driver = backend.Driver;
        if (driver is null || !backend.IsUp)
        {
            throw new DriverCallException(
                $"Backend {backend.Name} is down: {backend.Status.Reason}",
                $"The backend '{backend.Name}' is not available ({backend.Status.Reason}).");
        }

        var timeout = Timeout(backend, operation);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(timeout);
        var started = Stopwatch.GetTimestamp();
        try
        {
            return await call(driver, cts.Token).WaitAsync(timeout, cancellationToken);
        }
        catch (Exception e) when (ownership.Lost.IsCancellationRequested)
        {
            throw new BackendNotOwnedException(backend.Name, $"{operation} on backend {backend.Name} stopped: {backend.Ownership.Reason ?? "ownership lost"}", e);
        }
        catch (Exception e) when (e is TimeoutException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            logger.LogWarning("Driver call {Operation} on backend {Backend} timed out after {Timeout}", operation, backend.Name, timeout);
            throw new DriverCallException(
                $"{operation} on backend {backend.Name} timed out after {timeout.TotalSeconds:0.###} s",
                $"The storage driver did not finish '{operation}' within {timeout.TotalSeconds:0.###} s.", e)
            { TimedOut = true };
        }
        catch (OperationCanceledException)
        {
            throw;
        }
        catch (ShareNotFoundException e)
        {
            throw new DriverCallException(e.Message, e.UserMessage ?? "The resource does not exist on the backend.", e) { NotFound = true };
        }
        catch (ShareShrinkingPossibleDataLossException e)
        {
            throw new DriverCallException(e.Message, e.UserMessage ?? "The share holds more data than the new size.", e) { PossibleDataLoss = true };
        }
        catch (NotSupportedException e)
        {
            throw new DriverCallException(e.Message, $"The backend does not support '{operation}'.", e) { NotSupported = true };
        }
        catch (NotImplementedException e)
        {
            throw new DriverCallException(e.Message, $"The backend does not support '{operation}'.", e) { NotSupported = true };
        }
        catch (ShareDriverException e)
        {
            logger.LogWarning(e, "Driver call {Operation} on backend {Backend} failed", operation, backend.Name);
            throw new DriverCallException(e.Message, e.UserMessage ?? $"The storage driver failed '{operation}'.", e);
        }
        catch (Exception e)
        {
            logger.LogError(e, "Driver call {Operation} on backend {Backend} threw unexpectedly", operation, backend.Name);
            throw new DriverCallException(e.Message, $"The storage driver failed '{operation}' unexpectedly.", e);
        }
        finally
        {
            logger.LogDebug("Driver call {Operation} on {Backend} took {Elapsed}", operation, backend.Name, Stopwatch.GetElapsedTime(started));
        }
    }

    public Task CallAsync(Backend backend, string operation, Func<IShareDriver, CancellationToken, Task> call, CancellationToken cancellationToken) =>
        CallAsync<bool>(backend, operation, async (driver, ct) =>
        {
            await call(driver, ct);
            return true;
        }, cancellationToken);

    public TimeSpan Timeout(Backend backend, string operation)
    {
        var settings = options.CurrentValue;
        var seconds = settings.DriverCallTimeouts.TryGetValue(operation, out var specific)
            ? specific
            : backend.Options.DriverCallTimeoutSeconds ?? settings.DriverCallTimeoutSeconds;
        return TimeSpan.FromSeconds(Math.Max(0.001, seconds));
    }
}
