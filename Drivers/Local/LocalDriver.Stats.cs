using ShareHost.Abstractions;
using ShareHost.Drivers.Local.Storage;

namespace ShareHost.Drivers.Local;

/// <summary>Stats from the real filesystems and the daemons' health, reported as data for the scheduler and the mount call.</summary>
public sealed partial class LocalDriver
{
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

    /// <summary>
    /// An address is healthy when a daemon serving it runs and answers: its Ganesha instance, or smbd. Not both: the
    /// host hands out only healthy addresses and refuses every mount when none is, so an smbd that cannot restart
    /// would otherwise stop NFS mounts on every address. Which protocol serves where is the picker's business
    /// (<see cref="PickAddressAsync"/> asks per protocol).
    /// </summary>
    private bool AddressHealthy(string address) =>
        _nfs?.Find(address)?.IsHealthy == true || (_smb is { IsHealthy: true } && _smb.Addresses.Contains(address));

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
            ReplicationType = pool.Options.ReplicationType,
            ReplicationDomain = pool.Options.ReplicationType is null ? null : pool.Options.ReplicationDomain,
            Capabilities = new Dictionary<string, object>
            {
                ["pool_type"] = pool.Kind,
                ["size_limit_support"] = pool.SupportsLimits,
            },
        };
    }
}
