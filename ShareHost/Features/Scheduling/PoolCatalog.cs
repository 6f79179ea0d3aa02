using ShareHost.Abstractions;
using ShareHost.Features.Backends;

namespace ShareHost.Features.Scheduling;

/// <summary>
/// The pools of every backend that is up, from its last stats report, minus what the scheduler has placed since
/// (Manila's consume_from_share), so a burst of creates does not all land on the pool that looked emptiest.
/// </summary>
public sealed class PoolCatalog
{
    private readonly BackendRegistry _backends;
    private readonly Dictionary<(string Backend, string Pool), double> _consumed = [];
    private readonly Lock _lock = new();

    public PoolCatalog(BackendRegistry backends)
    {
        _backends = backends;
        backends.StatsRefreshed += ForgetConsumption;
    }

    /// <summary>Pools of backends that are up, whether or not the service is disabled.</summary>
    public IReadOnlyList<PoolState> Current()
    {
        var pools = new List<PoolState>();
        foreach (var backend in _backends.All)
        {
            var status = backend.Status;
            if (!status.Up || status.Stats is null)
            {
                continue;
            }

            foreach (var pool in status.Stats.Pools)
            {
                double consumed;
                lock (_lock)
                {
                    consumed = _consumed.GetValueOrDefault((backend.Name, pool.Name));
                }

                pools.Add(Build(backend, status, pool, consumed));
            }
        }

        return pools;
    }

    /// <summary>Records a placement until the backend's next stats report.</summary>
    public void Consume(string backend, string pool, double sizeGb)
    {
        lock (_lock)
        {
            _consumed[(backend, pool)] = _consumed.GetValueOrDefault((backend, pool)) + sizeGb;
        }
    }

    private void ForgetConsumption(Backend backend)
    {
        lock (_lock)
        {
            foreach (var key in _consumed.Keys.Where(k => k.Backend == backend.Name).ToList())
            {
                _consumed.Remove(key);
            }
        }
    }

    private PoolState Build(Backend backend, BackendStatus status, PoolStats pool, double consumed)
    {
        var stats = status.Stats!;
        var free = pool.FreeCapacityGb is { } f ? f - consumed : (double?)null;
        var provisioned = (pool.ProvisionedCapacityGb ?? 0) + consumed;
        // Effective snapshot capabilities: a pool advertises one only if its driver implements the matching optional
        // interface, so neither the scheduler nor the API ever offers what the driver cannot be asked to do.
        var driver = backend.Driver;
        var snapshots = pool.SnapshotSupport && driver is ISnapshotDriver;
        var capabilities = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["pool_name"] = pool.Name,
            ["total_capacity_gb"] = pool.TotalCapacityGb is { } t ? t : "unknown",
            ["free_capacity_gb"] = free is { } fr ? Math.Round(fr, 2) : "unknown",
            ["provisioned_capacity_gb"] = provisioned,
            ["reserved_percentage"] = pool.ReservedPercentage,
            ["reserved_snapshot_percentage"] = pool.ReservedSnapshotPercentage,
            ["reserved_share_extend_percentage"] = pool.ReservedShareExtendPercentage,
            ["thin_provisioning"] = Values(pool.ThinProvisioning),
            ["max_over_subscription_ratio"] = pool.MaxOverSubscriptionRatio,
            ["qos"] = Values(pool.Qos),
            ["dedupe"] = Values(pool.Dedupe),
            ["compression"] = Values(pool.Compression),
            ["snapshot_support"] = snapshots,
            ["create_share_from_snapshot_support"] = snapshots && pool.CreateShareFromSnapshotSupport && driver is IShareFromSnapshotDriver,
            ["revert_to_snapshot_support"] = snapshots && pool.RevertToSnapshotSupport && driver is IRevertToSnapshotDriver,
            ["mount_snapshot_support"] = snapshots && pool.MountSnapshotSupport && driver is ISnapshotAccessDriver,
            // Replication likewise: only a driver that implements the replication interface can be asked for replicas.
            ["replication_type"] = driver is IReplicationDriver ? pool.ReplicationType : null,
            ["replication_domain"] = pool.ReplicationDomain,
        };
        foreach (var (key, value) in pool.Capabilities)
        {
            capabilities.TryAdd(key, value);
        }

        // Backend-level keys fill in only what the pool did not say, as in Manila's host manager.
        capabilities.TryAdd("share_backend_name", backend.Name);
        capabilities.TryAdd("storage_protocol", string.Join('_', stats.StorageProtocols));
        capabilities.TryAdd("vendor_name", stats.VendorName);
        capabilities.TryAdd("driver_version", stats.DriverVersion);
        capabilities.TryAdd("timestamp", Api.ManilaJson.Timestamp(status.StatsAt));
        capabilities.TryAdd("driver_handles_share_servers", false);
        capabilities.TryAdd("ipv4_support", stats.Ipv4Support);
        capabilities.TryAdd("ipv6_support", stats.Ipv6Support);

        return new PoolState(
            backend.Name, pool.Name, _backends.HostName, backend.Options.AvailabilityZone,
            pool.TotalCapacityGb, free, provisioned,
            pool.ReservedPercentage, pool.ReservedSnapshotPercentage, pool.ReservedShareExtendPercentage,
            pool.ThinProvisioning.Contains(true), pool.MaxOverSubscriptionRatio, pool.ReplicationDomain, capabilities);
    }

    /// <summary>One offered value shows as that value, several as a list, like Manila's drivers report them.</summary>
    private static object Values(IReadOnlyList<bool> values) =>
        values.Distinct().ToList() is { Count: 1 } single ? single[0] : values.Distinct().Cast<object>().ToList();
}
