using System.Net;
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
        Validate();
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
        _logger.LogInformation("Local backend {Backend}: {Pools} pools, {Shares} shares, NFS on {Nfs}, CIFS on {Cifs}",
            _backend, _pools.Count, _catalog.Shares.Count,
            _nfs is null ? "-" : string.Join(", ", _addresses.Select(a => $"{a}:{_options.NfsPort}")),
            _smb is null ? "-" : string.Join(", ", _addresses.Select(a => $"{a}:{_options.CifsPort}")));
    }

    public async Task<BackendStats> GetStatsAsync(CancellationToken cancellationToken)
    {
        var services = Services.ToList();
        await Task.WhenAll(services.Select(s => s.ProbeAsync(cancellationToken)));
        var pools = new List<PoolStats>();
        foreach (var pool in _pools.Values)
        {
            pools.Add(await PoolStatsAsync(pool, cancellationToken));
            await pool.TidyAsync(cancellationToken);
        }

        var mountOptions = new Dictionary<string, string>();
        if (_nfs is not null)
        {
            mountOptions["NFS"] = _options.NfsMountOptions.Replace("{port}", _options.NfsPort.ToString(), StringComparison.Ordinal);
        }

        if (_smb is not null)
        {
            mountOptions["CIFS"] = _options.CifsMountOptions.Replace("{port}", _options.CifsPort.ToString(), StringComparison.Ordinal);
        }

        return new BackendStats
        {
            VendorName = "ShareHost",
            DriverVersion = "1.0",
            StorageProtocols = _protocols,
            Pools = pools,
            Addresses = _addresses.Select(a => new ExportAddress { Address = a, Healthy = AddressHealthy(a) }).ToList(),
            MountOptions = mountOptions,
            Ipv6Support = false,
        };
    }

    /// <summary>Stops every daemon (SIGTERM, then SIGKILL after the grace period) and takes the export mounts off.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        await _stopping.CancelAsync();
        await _healthLoop;
        await StopDaemonsAsync();
        if (_mounts is not null)
        {
            try
            {
                await _mounts.RemoveAllAsync(CancellationToken.None);
            }
            catch (ShareDriverException e)
            {
                _logger.LogWarning("Local backend {Backend}: export mounts could not all be taken off: {Reason}", _backend, e.Message);
            }
        }

        _stopping.Dispose();
        _accountsLock.Dispose();
    }

    private IEnumerable<SupervisedService> Services =>
        (_nfs?.Instances ?? []).Cast<SupervisedService>().Concat(_smb is null ? [] : [_smb]);

    private bool Serves(string protocol) => _protocols.Contains(protocol);

    /// <summary>An address is healthy when every daemon serving it runs and answers.</summary>
    private bool AddressHealthy(string address) =>
        (_nfs?.Find(address)?.IsHealthy ?? true) && (_smb?.IsHealthy ?? true);

    private long Unit => _options.SizeUnitBytes;

    private async Task<PoolStats> PoolStatsAsync(Pool pool, CancellationToken cancellationToken)
    {
        var (total, free) = await pool.CapacityAsync(cancellationToken);
        var provisioned = _catalog.Shares.Where(s => s.Pool == pool.Name).Sum(s => (double)s.SizeGb);
        return new PoolStats
        {
            Name = pool.Name,
            TotalCapacityGb = Math.Round(total / Unit, 2),
            FreeCapacityGb = Math.Round(free / Unit, 2),
            ProvisionedCapacityGb = provisioned,
            ReservedPercentage = pool.Options.ReservedPercentage,
            ReservedSnapshotPercentage = pool.Options.ReservedSnapshotPercentage,
            ReservedShareExtendPercentage = pool.Options.ReservedShareExtendPercentage,
            ThinProvisioning = [pool.Options.ThinProvisioning],
            MaxOverSubscriptionRatio = pool.Options.MaxOverSubscriptionRatio,
            SnapshotSupport = pool.SupportsSnapshots,
            CreateShareFromSnapshotSupport = pool.SupportsSnapshots,
            RevertToSnapshotSupport = pool.SupportsSnapshots,
            MountSnapshotSupport = pool.SupportsSnapshots,
            Capabilities = new Dictionary<string, object>
            {
                ["pool_type"] = pool.Kind,
                ["size_limit_support"] = pool.SupportsLimits,
            },
        };
    }

    private void Validate()
    {
        if (_options.Pools.Count == 0)
        {
            throw new ShareDriverException("no pools configured (Options:Pools with Name and Path)");
        }

        foreach (var pool in _options.Pools)
        {
            if (string.IsNullOrWhiteSpace(pool.Name) || string.IsNullOrWhiteSpace(pool.Path) || !Path.IsPathRooted(pool.Path))
            {
                throw new ShareDriverException($"pool '{pool.Name}' needs a Name and an absolute Path");
            }

            if (pool.Type.ToLowerInvariant() is not ("btrfs" or "directory"))
            {
                throw new ShareDriverException($"pool '{pool.Name}' has Type '{pool.Type}'; use 'btrfs' or 'directory'");
            }
        }

        if (_options.Pools.GroupBy(p => p.Name).FirstOrDefault(g => g.Count() > 1) is { } duplicate)
        {
            throw new ShareDriverException($"pool '{duplicate.Key}' is configured twice");
        }

        if (_protocols.FirstOrDefault(p => p is not ("NFS" or "CIFS")) is { } unknown)
        {
            throw new ShareDriverException($"the Local driver serves NFS and CIFS, not {unknown}");
        }

        if (_addresses.FirstOrDefault(a => !IPAddress.TryParse(a, out var ip) || ip.AddressFamily != System.Net.Sockets.AddressFamily.InterNetwork) is { } bad)
        {
            throw new ShareDriverException($"export address '{bad}' is not an IPv4 address");
        }

        if (_options.SizeUnitBytes < 1 << 20)
        {
            throw new ShareDriverException("SizeUnitBytes must be at least 1 MiB");
        }

        if (!_options.UserPrefix.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '-' or '_') || _options.UserPrefix.Length is 0 or > 16
            || !char.IsAsciiLetterLower(_options.UserPrefix[0]))
        {
            throw new ShareDriverException($"UserPrefix '{_options.UserPrefix}' must start with a lower-case letter and hold only a-z, 0-9, '-' and '_' (at most 16)");
        }
    }

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
