using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using ShareHost.Abstractions;

namespace ShareHost.Drivers.Local.Processes;

/// <summary>
/// A daemon (or a few that live and die together) that is restarted whenever it exits unasked, with a growing
/// pause between attempts. <see cref="Gate"/> is held while it (re)starts, so changes to its exports wait for a
/// restart to finish and are then either read from the files or applied live, never lost in between.
/// </summary>
internal abstract class SupervisedService(string name, ILogger logger, TimeSpan stopGrace) : IAsyncDisposable
{
    private static readonly TimeSpan FirstPause = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan LongestPause = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan StableUptime = TimeSpan.FromSeconds(60);

    private readonly CancellationTokenSource _stopping = new();
    private Task _supervision = Task.CompletedTask;
    private volatile bool _probeOk;

    public string Name { get; } = name;

    protected ILogger Logger { get; } = logger;

    protected TimeSpan StopGrace { get; } = stopGrace;

    /// <summary>Held while the daemon starts or restarts, and by callers that talk to it.</summary>
    public SemaphoreSlim Gate { get; } = new(1, 1);

    /// <summary>How many times the daemon was restarted after it exited on its own.</summary>
    public int Restarts { get; private set; }

    /// <summary>Whether every process of the service is running.</summary>
    public abstract bool IsRunning { get; }

    /// <summary>Process alive and the last probe answered.</summary>
    public bool IsHealthy => IsRunning && _probeOk;

    /// <summary>The daemon's process id, for tests and the logs.</summary>
    public abstract int? Pid { get; }

    /// <summary>Starts the daemon and waits until it serves; throws <see cref="ShareDriverException"/> if it does not.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await Gate.WaitAsync(cancellationToken);
        try
        {
            await StartProcessesAsync(cancellationToken);
            _probeOk = true;
        }
        catch
        {
            await StopProcessesAsync();
            throw;
        }
        finally
        {
            Gate.Release();
        }

        _supervision = Task.Run(SuperviseAsync, CancellationToken.None);
    }

    /// <summary>Checks the process and the endpoints now and remembers the answer for <see cref="IsHealthy"/>.</summary>
    public async Task<bool> ProbeAsync(CancellationToken cancellationToken)
    {
        _probeOk = IsRunning && await ProbeEndpointsAsync(cancellationToken);
        return IsHealthy;
    }

    public async ValueTask DisposeAsync()
    {
        if (_stopping.IsCancellationRequested)
        {
            return;
        }

        await _stopping.CancelAsync();
        await Gate.WaitAsync();
        try
        {
            await StopProcessesAsync();
        }
        finally
        {
            Gate.Release();
        }

        await _supervision;
        _stopping.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>Starts the processes and returns once they serve.</summary>
    protected abstract Task StartProcessesAsync(CancellationToken cancellationToken);

    /// <summary>Completes when any process of the service has exited.</summary>
    protected abstract Task AnyExited { get; }

    /// <summary>SIGTERM, then SIGKILL after the grace period, for every process still running.</summary>
    protected abstract Task StopProcessesAsync();

    /// <summary>Whether the service answers on its endpoints (a TCP connect to each address).</summary>
    protected abstract Task<bool> ProbeEndpointsAsync(CancellationToken cancellationToken);

    protected static async Task<bool> CanConnectAsync(string address, int port, CancellationToken cancellationToken)
    {
        using var client = new TcpClient();
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(TimeSpan.FromSeconds(1));
        try
        {
            await client.ConnectAsync(address, port, limit.Token);
            return true;
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>Polls <paramref name="ready"/> until it answers true, the process dies, or the time is up.</summary>
    protected static async Task WaitUntilAsync(Func<CancellationToken, Task<bool>> ready, Func<bool> alive, TimeSpan timeout, string what, Func<string> diagnostics, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (await ready(cancellationToken))
            {
                return;
            }

            if (!alive())
            {
                throw new ShareDriverException($"{what} exited while starting. {diagnostics()}")
                {
                    UserMessage = $"{what} did not start.",
                };
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new ShareDriverException($"{what} did not become ready within {timeout.TotalSeconds:0} s. {diagnostics()}")
                {
                    UserMessage = $"{what} did not start in time.",
                };
            }

            await Task.Delay(50, cancellationToken);
        }
    }

    private async Task SuperviseAsync()
    {
        var pause = FirstPause;
        var startedAt = DateTime.UtcNow;
        var failed = false;
        while (!_stopping.IsCancellationRequested)
        {
            await Task.WhenAny(AnyExited, Task.Delay(Timeout.Infinite, _stopping.Token)).ContinueWith(_ => { }, TaskScheduler.Default);
            if (_stopping.IsCancellationRequested)
            {
                return;
            }

            _probeOk = false;
            if (DateTime.UtcNow - startedAt > StableUptime)
            {
                pause = FirstPause;
            }

            if (!failed)
            {
                Logger.LogWarning("{Service} exited on its own; restarting it in {Pause} ms", Name, pause.TotalMilliseconds);
            }

            try
            {
                await Task.Delay(pause, _stopping.Token);
                await Gate.WaitAsync(_stopping.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            try
            {
                await StopProcessesAsync();
                await StartProcessesAsync(_stopping.Token);
                _probeOk = true;
                failed = false;
                Restarts++;
                startedAt = DateTime.UtcNow;
                Logger.LogWarning("{Service} restarted (process {Pid})", Name, Pid);
            }
            catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                failed = true;
                Logger.LogError("{Service} could not be restarted ({Reason}); trying again in {Pause} ms", Name, e.Message, Math.Min(LongestPause.TotalMilliseconds, pause.TotalMilliseconds * 2));
                await StopProcessesAsync();
            }
            finally
            {
                Gate.Release();
            }

            pause = TimeSpan.FromTicks(Math.Min(LongestPause.Ticks, pause.Ticks * 2));
        }
    }
}
