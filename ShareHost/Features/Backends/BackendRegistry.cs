using Microsoft.Extensions.Options;
using ShareHost.Abstractions;
using ShareHost.Plugins;

namespace ShareHost.Features.Backends;

/// <summary>
/// The configured backends and their drivers. A backend whose plugin is missing or broken, whose driver fails to
/// initialise, or whose stats call fails is down with a reason; the host keeps serving the others.
/// </summary>
public sealed class BackendRegistry : IAsyncDisposable
{
    private readonly Dictionary<string, Backend> _backends;
    private readonly PluginCatalog _plugins;
    private readonly DriverInvoker _invoker;
    private readonly IOptionsMonitor<ShareHostOptions> _options;
    private readonly ILoggerFactory _loggers;
    private readonly ILogger<BackendRegistry> _logger;
    private readonly string _stateRoot;

    public BackendRegistry(IConfiguration configuration, PluginCatalog plugins, DriverInvoker invoker,
        IOptionsMonitor<ShareHostOptions> options, IHostEnvironment environment, ILoggerFactory loggers)
    {
        _plugins = plugins;
        _invoker = invoker;
        _options = options;
        _loggers = loggers;
        _logger = loggers.CreateLogger<BackendRegistry>();
        _stateRoot = Path.Combine(Path.GetFullPath(options.CurrentValue.DataDirectory, environment.ContentRootPath), "backends");
        _backends = configuration.GetSection(BackendOptions.Section).GetChildren()
            .ToDictionary(
                section => section.Key,
                section => new Backend(section.Key, section.Get<BackendOptions>() ?? new BackendOptions(), section.GetSection("Options")),
                StringComparer.Ordinal);
    }

    public IReadOnlyCollection<Backend> All => _backends.Values;

    public string HostName => _options.CurrentValue.HostName;

    public Backend? Find(string? name) => name is not null && _backends.TryGetValue(name, out var backend) ? backend : null;

    /// <summary>Whether the backend takes new work: up, reporting stats in time, and not disabled by an admin.</summary>
    public bool IsServing(Backend backend) =>
        !backend.Disabled && backend.Status.Health(DateTime.UtcNow, TimeSpan.FromSeconds(_options.CurrentValue.ServiceDownTimeSeconds)).Up;

    /// <summary>Raised after a backend's stats are refreshed (and after it comes up).</summary>
    public event Action<Backend>? StatsRefreshed;

    /// <summary>Instantiates and initialises the backend's driver; the backend is down with the reason if that fails.</summary>
    public async Task InitializeAsync(Backend backend, CancellationToken cancellationToken)
    {
        // Another process owns the backend: its driver is not started here (a real driver starts daemons).
        if (!backend.Ownership.Owned)
        {
            backend.MarkDown(backend.Ownership.Reason ?? "standby");
            return;
        }

        var (type, error) = _plugins.FindDriver(backend.Options.Driver);
        if (type is null)
        {
            backend.MarkDown(error!);
            _logger.LogError("Backend {Backend} is down: {Reason}", backend.Name, error);
            return;
        }

        IShareDriver driver;
        try
        {
            driver = (IShareDriver)Activator.CreateInstance(type)!;
        }
        catch (Exception e)
        {
            var reason = $"driver {type.FullName} could not be constructed: {(e.InnerException ?? e).Message}";
            backend.MarkDown(reason);
            _logger.LogError(e, "Backend {Backend} is down: {Reason}", backend.Name, reason);
            return;
        }

        var stateDirectory = Path.Combine(_stateRoot, backend.Name);
        Directory.CreateDirectory(stateDirectory);
        var context = new DriverContext
        {
            BackendName = backend.Name,
            HostName = HostName,
            AvailabilityZone = backend.Options.AvailabilityZone,
            Options = backend.DriverOptions,
            Logger = _loggers.CreateLogger($"ShareHost.Backend.{backend.Name}"),
            StateDirectory = stateDirectory,
            OwnershipToken = backend.Ownership.Token,
        };

        var timeout = TimeSpan.FromSeconds(_options.CurrentValue.DriverInitTimeoutSeconds);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(timeout);
        try
        {
            await driver.InitializeAsync(context, cts.Token).WaitAsync(timeout, cancellationToken);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            var reason = e switch
            {
                TimeoutException or OperationCanceledException => $"driver initialisation did not finish within {timeout.TotalSeconds:0} s",
                ShareDriverException d => d.UserMessage ?? d.Message,
                _ => $"driver initialisation failed: {e.Message}",
            };
            backend.MarkDown(reason);
            _logger.LogError(e, "Backend {Backend} is down: {Reason}", backend.Name, reason);
            await DisposeQuietlyAsync(driver);
            return;
        }

        backend.SetDriver(driver);
        backend.MarkDown("initialised; waiting for the first stats report");
        await RefreshStatsAsync(backend, cancellationToken);
    }

    /// <summary>Asks the driver for fresh stats; a backend without a driver gets another initialisation attempt.</summary>
    public async Task RefreshStatsAsync(Backend backend, CancellationToken cancellationToken)
    {
        if (backend.Driver is null)
        {
            await InitializeAsync(backend, cancellationToken);
            return;
        }

        try
        {
            var stats = await CallStatsAsync(backend, cancellationToken);
            if (stats.Pools.Count == 0)
            {
                backend.MarkDown("the driver reported no pools");
                return;
            }

            backend.MarkUp(stats);
            StatsRefreshed?.Invoke(backend);
        }
        catch (DriverCallException e)
        {
            backend.MarkDown($"stats report failed: {e.UserMessage}");
            _logger.LogWarning("Backend {Backend} stats refresh failed: {Reason}", backend.Name, e.Message);
        }
    }

    private async Task<BackendStats> CallStatsAsync(Backend backend, CancellationToken cancellationToken)
    {
        // The invoker refuses calls to a backend that is down; stats are how a backend comes back up, so call directly.
        var timeout = _invoker.Timeout(backend, "GetStats");
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(timeout);
        try
        {
            return await backend.Driver!.GetStatsAsync(cts.Token).WaitAsync(timeout, cancellationToken);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            var message = e is TimeoutException or OperationCanceledException
                ? $"no answer within {timeout.TotalSeconds:0.###} s"
                : (e as ShareDriverException)?.UserMessage ?? e.Message;
            throw new DriverCallException(message, message, e);
        }
    }

    /// <summary>Stops a backend's driver while the host keeps running (its ownership lease was lost).</summary>
    public async Task ShutDownDriverAsync(Backend backend, string reason)
    {
        backend.MarkDown(reason);
        if (backend.Driver is { } driver)
        {
            backend.SetDriver(null);
            await DisposeQuietlyAsync(driver);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var backend in _backends.Values)
        {
            if (backend.Driver is { } driver)
            {
                backend.SetDriver(null);
                backend.MarkDown("host stopped");
                await DisposeQuietlyAsync(driver);
            }
        }
    }

    private async Task DisposeQuietlyAsync(IShareDriver driver)
    {
        try
        {
            switch (driver)
            {
                case IAsyncDisposable asyncDisposable:
                    await asyncDisposable.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30));
                    break;
                case IDisposable disposable:
                    disposable.Dispose();
                    break;
            }
        }
        catch (Exception e)
        {
            _logger.LogWarning(e, "Driver {Driver} failed to dispose", driver.GetType().FullName);
        }
    }
}
