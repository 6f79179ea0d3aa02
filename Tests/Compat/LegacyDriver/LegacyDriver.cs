using System.Collections.Concurrent;
using System.Globalization;
using ShareHost.Abstractions;

namespace ShareHost.Drivers.Legacy;

/// <summary>
/// The smallest real driver written against contract 1.0 and nothing newer: one pool, shares kept in memory.
/// Options: <c>PoolName</c> (default <c>legacy-pool</c>) and <c>CapacityGb</c> (default 100).
/// </summary>
[ShareDriver("Legacy")]
public sealed class LegacyDriver : IShareDriver
{
    private readonly ConcurrentDictionary<string, (string Path, int SizeGb)> _shares = new(StringComparer.Ordinal);
    private string _pool = "legacy-pool";
    private double _capacityGb = 100;

    public Task InitializeAsync(DriverContext context, CancellationToken cancellationToken)
    {
        _pool = context.Options["PoolName"] ?? _pool;
        if (context.Options["CapacityGb"] is { } capacity)
        {
            _capacityGb = double.Parse(capacity, CultureInfo.InvariantCulture);
        }

        return Task.CompletedTask;
    }

    public Task<BackendStats> GetStatsAsync(CancellationToken cancellationToken)
    {
        var used = _shares.Values.Sum(s => s.SizeGb);
        return Task.FromResult(new BackendStats
        {
            VendorName = "Legacy Storage Inc.",
            DriverVersion = "1.0",
            StorageProtocols = ["NFS"],
            Pools =
            [
                new PoolStats
                {
                    Name = _pool,
                    TotalCapacityGb = _capacityGb,
                    FreeCapacityGb = _capacityGb - used,
                    ProvisionedCapacityGb = used,
                },
            ],
        });
    }

    public Task<CreateShareResult> CreateShareAsync(DriverShare share, CancellationToken cancellationToken)
    {
        var created = _shares.GetOrAdd(share.Id, _ => ($"/legacy/{share.Name}", share.SizeGb));
        return Task.FromResult(new CreateShareResult { ExportLocations = [new ExportPath { Path = created.Path, Preferred = true }] });
    }

    public Task DeleteShareAsync(DriverShare share, CancellationToken cancellationToken) =>
        _shares.TryRemove(share.Id, out _)
            ? Task.CompletedTask
            : throw new ShareNotFoundException($"Legacy share {share.Id} does not exist.");

    public Task ExtendShareAsync(DriverShare share, int newSizeGb, CancellationToken cancellationToken) => Resize(share, newSizeGb);

    public Task ShrinkShareAsync(DriverShare share, int newSizeGb, CancellationToken cancellationToken) => Resize(share, newSizeGb);

    public Task<IReadOnlyList<EnsuredShare>> EnsureSharesAsync(IReadOnlyList<DriverShare> shares, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<EnsuredShare>>(shares
            .Select(s => _shares.TryGetValue(s.Id, out var found)
                ? new EnsuredShare { Id = s.Id, Status = EnsureStatus.Available, ExportLocations = [new ExportPath { Path = found.Path, Preferred = true }] }
                : new EnsuredShare { Id = s.Id, Status = EnsureStatus.NotFound })
            .ToList());

    private Task Resize(DriverShare share, int newSizeGb)
    {
        if (!_shares.TryGetValue(share.Id, out var found))
        {
            throw new ShareNotFoundException($"Legacy share {share.Id} does not exist.");
        }

        _shares[share.Id] = found with { SizeGb = newSizeGb };
        return Task.CompletedTask;
    }
}
