using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using ShareHost.Abstractions;

namespace ShareHost.Drivers.Dummy;

/// <summary>
/// An in-memory backend for labs and tests, after Manila's dummy driver: pools and capabilities come from
/// configuration, every call can be slowed down or made to fail, and nothing touches real storage.
/// </summary>
[ShareDriver("Dummy")]
public sealed partial class DummyDriver : IShareDriver, IDisposable
{
    private DummyOptions _options = new();
    private IReadOnlyList<DummyPoolOptions> _pools = [];
    private IReadOnlyList<string> _protocols = [];
    private DummyBehaviour _behaviour = null!;
    private DummyStore _store = new(null);
    private ILogger _logger = null!;

    public Task InitializeAsync(DriverContext context, CancellationToken cancellationToken)
    {
        _options = context.Options.Get<DummyOptions>() ?? new DummyOptions();
        _pools = _options.Pools.Count > 0 ? _options.Pools : [new DummyPoolOptions { Name = $"fake_pool_for_{context.BackendName}" }];
        _protocols = _options.StorageProtocols.Count > 0
            ? _options.StorageProtocols.Select(p => p.ToUpperInvariant()).Distinct().ToList()
            : ["NFS", "CIFS"];
        var duplicate = _pools.GroupBy(p => p.Name).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new ShareDriverException($"pool '{duplicate.Key}' is configured twice");
        }

        _behaviour = new DummyBehaviour(context.Options);
        _store = new DummyStore(_options.StateFile is null ? null : Path.Combine(context.StateDirectory, _options.StateFile));
        _logger = context.Logger;
        InitializeMounts(context);
        InitializeReplication(context);
        PublishStoredSnapshots();
        return _behaviour.BeforeAsync("Initialize", cancellationToken);
    }

    public async Task<BackendStats> GetStatsAsync(CancellationToken cancellationToken)
    {
        await _behaviour.BeforeAsync("GetStats", cancellationToken);
        var allocated = _store.All().GroupBy(s => s.Pool).ToDictionary(g => g.Key, g => (double)g.Sum(s => s.SizeGb));
        return new BackendStats
        {
            VendorName = _options.VendorName,
            DriverVersion = _options.DriverVersion,
            StorageProtocols = _protocols,
            Ipv6Support = _options.Ipv6Support,
            Addresses = _options.Addresses
                .Select(a => new ExportAddress { Address = a.Address, Healthy = a.Healthy, Weight = Math.Max(1, a.Weight) })
                .ToList(),
            Pools = _pools.Select(p => Pool(p, allocated.GetValueOrDefault(p.Name))).ToList(),
            MountOptions = MountOptionsByProtocol(),
        };
    }

    public async Task<CreateShareResult> CreateShareAsync(DriverShare share, CancellationToken cancellationToken)
    {
        await _behaviour.BeforeAsync("CreateShare", cancellationToken);
        Fence(share);
        if (!_protocols.Contains(share.Protocol, StringComparer.OrdinalIgnoreCase))
        {
            throw new ShareDriverException($"The Dummy backend does not serve {share.Protocol}.");
        }

        if (_pools.All(p => p.Name != share.PoolName))
        {
            throw new ShareDriverException($"There is no pool '{share.PoolName}' on this backend.");
        }

        var existing = _store.Find(share.Id);
        if (existing is null)
        {
            existing = new DummyShare(share.Id, share.ShareId, share.PoolName, share.SizeGb, share.Protocol.ToUpperInvariant(), ExportPathFor(share));
            _store.Put(existing);
            _logger.LogDebug("Created share instance {Id} in pool {Pool}", share.Id, share.PoolName);
        }

        return new CreateShareResult { ExportLocations = Exports(existing) };
    }

    public async Task DeleteShareAsync(DriverShare share, CancellationToken cancellationToken)
    {
        await _behaviour.BeforeAsync("DeleteShare", cancellationToken);
        Fence(share);
        if (!_store.Remove(share.Id))
        {
            throw new ShareNotFoundException($"Share instance {share.Id} does not exist on this backend.");
        }
    }

    public async Task ExtendShareAsync(DriverShare share, int newSizeGb, CancellationToken cancellationToken)
    {
        await _behaviour.BeforeAsync("ExtendShare", cancellationToken);
        Fence(share);
        Resize(share, newSizeGb);
    }

    public async Task ShrinkShareAsync(DriverShare share, int newSizeGb, CancellationToken cancellationToken)
    {
        await _behaviour.BeforeAsync("ShrinkShare", cancellationToken);
        Fence(share);
        if (newSizeGb < _options.UsedGb)
        {
            throw new ShareShrinkingPossibleDataLossException(
                $"Share instance {share.Id} uses {_options.UsedGb} GiB; it cannot shrink to {newSizeGb} GiB.");
        }

        Resize(share, newSizeGb);
    }

    public async Task<IReadOnlyList<EnsuredShare>> EnsureSharesAsync(IReadOnlyList<DriverShare> shares, CancellationToken cancellationToken)
    {
        await _behaviour.BeforeAsync("EnsureShares", cancellationToken);
        return shares.Select(share => _store.Find(share.Id) is { } found
                ? new EnsuredShare { Id = share.Id, Status = EnsureStatus.Available, ExportLocations = Exports(found) }
                : new EnsuredShare { Id = share.Id, Status = EnsureStatus.NotFound, Message = "The share does not exist on the Dummy backend." })
            .ToList();
    }

    public void Dispose()
    {
        DisposeReplication();
        _store.Dispose();
    }

    /// <summary>Feature hooks, implemented in the feature's own part (DummyDriver.Mounts.cs).</summary>
    partial void InitializeMounts(DriverContext context);

    partial void InitializeReplication(DriverContext context);

    partial void DisposeReplication();

    partial void Fence(DriverShare share);

    private void Resize(DriverShare share, int newSizeGb)
    {
        var existing = _store.Find(share.Id) ?? throw new ShareNotFoundException($"Share instance {share.Id} does not exist on this backend.");
        _store.Put(existing with { SizeGb = newSizeGb });
    }

    private static string ExportPathFor(DriverShare share) =>
        share.Protocol.Equals("CIFS", StringComparison.OrdinalIgnoreCase) ? share.Name : $"/shares/{share.Name}";

    private static IReadOnlyList<ExportPath> Exports(DummyShare share) =>
    [
        new ExportPath { Path = share.Path, Preferred = true },
        new ExportPath { Path = share.Protocol == "CIFS" ? share.Path + "-admin" : "/admin" + share.Path, IsAdminOnly = true },
    ];

    private PoolStats Pool(DummyPoolOptions pool, double allocated)
    {
        var capabilities = pool.Capabilities.ToDictionary(c => c.Key, c => Capability(c.Value));
        AddAccessCapabilities(capabilities);
        return Pool(pool, allocated, WithMountCapabilities(capabilities));
    }

    /// <summary>The access part reports its counters as pool capabilities (DummyDriver.Access.cs).</summary>
    partial void AddAccessCapabilities(Dictionary<string, object> capabilities);

    private static PoolStats Pool(DummyPoolOptions pool, double allocated, Dictionary<string, object> capabilities) => new()
    {
        Name = pool.Name,
        TotalCapacityGb = pool.TotalCapacityGb,
        FreeCapacityGb = pool.TotalCapacityGb is { } total ? Math.Max(0, total - allocated) : null,
        ProvisionedCapacityGb = allocated,
        ReservedPercentage = pool.ReservedPercentage,
        ReservedSnapshotPercentage = pool.ReservedSnapshotPercentage,
        ReservedShareExtendPercentage = pool.ReservedShareExtendPercentage,
        ThinProvisioning = pool.ThinProvisioning.Count > 0 ? pool.ThinProvisioning : [false],
        MaxOverSubscriptionRatio = pool.MaxOverSubscriptionRatio,
        SnapshotSupport = pool.SnapshotSupport,
        CreateShareFromSnapshotSupport = pool.CreateShareFromSnapshotSupport,
        RevertToSnapshotSupport = pool.RevertToSnapshotSupport,
        MountSnapshotSupport = pool.MountSnapshotSupport,
        ReplicationType = pool.ReplicationType,
        ReplicationDomain = pool.ReplicationDomain,
        Qos = pool.Qos.Count > 0 ? pool.Qos : [false],
        Dedupe = pool.Dedupe.Count > 0 ? pool.Dedupe : [false],
        Compression = pool.Compression.Count > 0 ? pool.Compression : [false],
        Capabilities = capabilities,
    };

    private static object Capability(string value)
    {
        if (bool.TryParse(value, out var flag))
        {
            return flag;
        }

        return double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) ? number : value;
    }
}
