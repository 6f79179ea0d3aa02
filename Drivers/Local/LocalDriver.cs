using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using ShareHost.Abstractions;
using ShareHost.Drivers.Local.Catalog;
using ShareHost.Drivers.Local.Cifs;
using ShareHost.Drivers.Local.Nfs;
using ShareHost.Drivers.Local.Processes;
using ShareHost.Drivers.Local.Storage;

namespace ShareHost.Drivers.Local;

/// <summary>
/// The first real driver: shares are btrfs subvolumes (or folders) in local pools, exported over NFSv4 by one
/// supervised ganesha.nfsd per export address and over SMB by a supervised smbd, all private to the backend.
/// </summary>
[ShareDriver("Local")]
public sealed partial class LocalDriver : IShareDriver, IAsyncDisposable
{
    private readonly KeyedLocks _locks = new();
    private readonly SemaphoreSlim _accountsLock = new(1, 1);
    private readonly CancellationTokenSource _stopping = new();
    private LocalOptions _options = new();
    private ILogger _logger = null!;
    private string _backend = "";
    private Dictionary<string, Pool> _pools = [];
    private IReadOnlyList<string> _protocols = [];
    private IReadOnlyList<string> _addresses = [];
    private LocalCatalog _catalog = null!;
    private ExportMounts _mounts = null!;
    private GaneshaCluster? _nfs;
    private SambaServer? _smb;
    private SambaAccounts? _accounts;
    private Task _healthLoop = Task.CompletedTask;
    private bool _disposed;

    /// <summary>The Ganesha instances, for tests and the benchmark.</summary>
    internal GaneshaCluster? Nfs => _nfs;

    /// <summary>The Samba server, for tests.</summary>
    internal SambaServer? Smb => _smb;

    public async Task InitializeAsync(DriverContext context, CancellationToken cancellationToken)
    {
        _logger = context.Logger;
        _backend = context.BackendName;
        _options = context.Options.Get<LocalOptions>() ?? new LocalOptions();
        _protocols = _options.StorageProtocols.Count > 0
            ? _options.StorageProtocols.Select(p => p.ToUpperInvariant()).Distinct().ToList()
            : ["NFS", "CIFS"];
        _addresses = _options.Addresses.Count > 0 ? _options.Addresses.Distinct().ToList() : ["127.0.0.1"];
        Validate(_options, _protocols, _addresses);
        _pools = _options.Pools.ToDictionary(
            p => p.Name,
            p => p.Type.Equals("directory", StringComparison.OrdinalIgnoreCase) ? (Pool)new DirectoryPool(p) : new BtrfsPool(p));
        Prerequisites.Check(_pools.Values.Any(p => p is BtrfsPool), Serves("NFS"), Serves("CIFS"));

        foreach (var pool in _pools.Values)
        {
            await pool.PrepareAsync(cancellationToken);
        }

        var state = context.StateDirectory;
        Directory.CreateDirectory(state);
        File.SetUnixFileMode(state, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        _catalog = new LocalCatalog(Path.Combine(state, "catalog.json"));
        _mounts = new ExportMounts(_options.MountRoot ?? Path.Combine(state, "mnt"), _logger);
        var startTimeout = TimeSpan.FromSeconds(_options.StartTimeoutSeconds);
        var stopGrace = TimeSpan.FromSeconds(_options.StopTimeoutSeconds);
        if (Serves("NFS"))
        {
            _nfs = new GaneshaCluster(Path.Combine(state, "nfs"), _addresses, _options.NfsPort, _options.GaneshaLogLevel, startTimeout, stopGrace, _logger);
        }

        if (Serves("CIFS"))
        {
            _smb = new SambaServer(Path.Combine(state, "smb"), _addresses, _options.CifsPort, startTimeout, stopGrace, _logger);
            _accounts = new SambaAccounts(_smb.Paths);
        }

        await StopLeftoversAsync();
        try
        {
            await RemountAllAsync(cancellationToken);
            if (_nfs is not null)
            {
                await _nfs.StartAsync(NfsExports(), cancellationToken);
            }

            if (_smb is not null)
            {
                await _smb.StartAsync(SambaShares(), SambaUsers(), cancellationToken);
            }
        }
        catch
        {
            await StopDaemonsAsync();
            throw;
        }

        _healthLoop = Task.Run(HealthLoopAsync, CancellationToken.None);
        RegisterPeer(state);
        _logger.LogInformation("Local backend {Backend}: {Pools} pools, {Shares} shares, NFS on {Nfs}, CIFS on {Cifs}",
            _backend, _pools.Count, _catalog.Shares.Count,
            _nfs is null ? "-" : string.Join(", ", _addresses.Select(a => $"{a}:{_options.NfsPort}")),
            _smb is null ? "-" : string.Join(", ", _addresses.Select(a => $"{a}:{_options.CifsPort}")));
    }

    /// <summary>Stops every daemon (SIGTERM, then SIGKILL after the grace period) and takes the export mounts off.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        UnregisterPeer();
        await _stopping.CancelAsync();
        await _healthLoop;
        try
        {
            await StopDaemonsAsync();
        }
        catch (Exception e)
        {
            // The mounts must still come off: a stopped backend leaves nothing mounted.
            _logger.LogError(e, "Local backend {Backend}: its daemons could not all be stopped", _backend);
        }

        if (_mounts is not null)
        {
            try
            {
                await _mounts.RemoveAllAsync(CancellationToken.None);
            }
            catch (Exception e)
            {
                // The host is going away: report what stays mounted and finish the stop.
                _logger.LogWarning("Local backend {Backend}: export mounts could not all be taken off: {Reason}", _backend, e.Message);
            }
        }

        _stopping.Dispose();
        _accountsLock.Dispose();
    }

    private IEnumerable<SupervisedService> Services =>
        (_nfs?.Instances ?? []).Cast<SupervisedService>().Concat(_smb is null ? [] : [_smb]);

    private bool Serves(string protocol) => _protocols.Contains(protocol);

    private async Task StopLeftoversAsync()
    {
        var pidFiles = new List<string>();
        var configFiles = new List<string>();
        foreach (var instance in _nfs?.Instances ?? [])
        {
            pidFiles.AddRange(instance.LeftoverPidFiles);
            configFiles.AddRange(instance.OwnFiles);
        }

        if (_smb is not null)
        {
            pidFiles.AddRange(_smb.LeftoverPidFiles);
            configFiles.AddRange(_smb.OwnFiles);
        }

        await Leftovers.StopAsync(pidFiles, configFiles, TimeSpan.FromSeconds(_options.StopTimeoutSeconds), _logger);
    }

    private async Task StopDaemonsAsync()
    {
        if (_nfs is not null)
        {
            await _nfs.DisposeAsync();
        }

        if (_smb is not null)
        {
            await _smb.DisposeAsync();
        }
    }

    private async Task HealthLoopAsync()
    {
        var period = TimeSpan.FromSeconds(Math.Max(0.5, _options.HealthCheckSeconds));
        while (!_stopping.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(period, _stopping.Token);
                await Task.WhenAll(Services.Select(s => s.ProbeAsync(_stopping.Token)));
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
