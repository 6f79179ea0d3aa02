using System.Globalization;
using Microsoft.Extensions.Logging;
using ShareHost.Abstractions;
using ShareHost.Drivers.Local.Catalog;
using ShareHost.Drivers.Local.Storage;

namespace ShareHost.Drivers.Local;

/// <summary>Share lifecycle: create, delete, resize, and re-adoption after a restart. Every step is idempotent.</summary>
public sealed partial class LocalDriver
{
    public async Task<CreateShareResult> CreateShareAsync(DriverShare share, CancellationToken cancellationToken)
    {
        var protocol = share.Protocol.ToUpperInvariant();
        EnsureServes(protocol);
        var pool = PoolOf(share.PoolName);
        var name = SafeName(share.Name);
        using var _ = await _locks.AcquireAsync(share.Id, cancellationToken);

        var record = Reserve(share, protocol, pool);
        if (record.Ready && record.SizeGb == share.SizeGb && Directory.Exists(PoolOf(record.Pool).SharePath(record.Name)))
        {
            return new CreateShareResult { ExportLocations = Locations(record.Protocol, record.Name, snapshot: false) };
        }

        pool = PoolOf(record.Pool);
        var path = pool.SharePath(record.Name);
        await RecoverSwapAsync(pool, record.Name, cancellationToken);
        await pool.CreateAsync(path, cancellationToken);
        await FinishShareAsync(record, pool, share.SizeGb, cancellationToken);
        _logger.LogInformation("Created {Protocol} share {Name} ({Size} GiB) in pool {Pool}", record.Protocol, record.Name, share.SizeGb, pool.Name);
        return new CreateShareResult { ExportLocations = Locations(record.Protocol, record.Name, snapshot: false) };
    }

    public async Task DeleteShareAsync(DriverShare share, CancellationToken cancellationToken)
    {
        using var _ = await _locks.AcquireAsync(share.Id, cancellationToken);
        var record = _catalog.Share(share.Id);
        var name = record?.Name ?? SafeName(share.Name);
        var pool = _pools.GetValueOrDefault(record?.Pool ?? share.PoolName);
        if (record is not null)
        {
            await UnpublishAsync(record.Protocol, name, record.ExportId, cancellationToken);
        }

        await _mounts.RemoveAsync(name, cancellationToken);
        if (pool is not null)
        {
            await RecoverSwapAsync(pool, name, cancellationToken);
            await pool.DeleteAsync(pool.SharePath(name), cancellationToken);
            await DeleteReplicationFolderAsync(pool, share.Id, cancellationToken);
        }

        if (record is not null)
        {
            _catalog.Update(data => data.Shares.Remove(share.Id));
            await RemoveUnusedAccountsAsync(cancellationToken);
        }

        _logger.LogInformation("Deleted share {Name}", name);
    }

    public async Task ExtendShareAsync(DriverShare share, int newSizeGb, CancellationToken cancellationToken)
    {
        using var _ = await _locks.AcquireAsync(share.Id, cancellationToken);
        var (record, pool) = Existing(share);
        await pool.SetLimitAsync(pool.SharePath(record.Name), newSizeGb * Unit, cancellationToken);
        _catalog.Update(_ => record.SizeGb = newSizeGb);
    }

    public async Task ShrinkShareAsync(DriverShare share, int newSizeGb, CancellationToken cancellationToken)
    {
        using var _ = await _locks.AcquireAsync(share.Id, cancellationToken);
        var (record, pool) = Existing(share);
        var path = pool.SharePath(record.Name);
        var used = await pool.UsedBytesAsync(path, cancellationToken);
        if (used > newSizeGb * Unit)
        {
            throw new ShareShrinkingPossibleDataLossException(
                $"The share holds {Gib(used)} GiB, more than the {newSizeGb} GiB asked for; delete data first or choose a larger size. Nothing was changed.");
        }

        await pool.SetLimitAsync(path, newSizeGb * Unit, cancellationToken);
        _catalog.Update(_ => record.SizeGb = newSizeGb);
    }

    public async Task<IReadOnlyList<EnsuredShare>> EnsureSharesAsync(IReadOnlyList<DriverShare> shares, CancellationToken cancellationToken)
    {
        var results = new List<EnsuredShare>();
        foreach (var share in shares)
        {
            using var _ = await _locks.AcquireAsync(share.Id, cancellationToken);
            results.Add(await EnsureShareAsync(share, cancellationToken));
        }

        return results;
    }

    private async Task<EnsuredShare> EnsureShareAsync(DriverShare share, CancellationToken cancellationToken)
    {
        var record = _catalog.Share(share.Id);
        var poolName = record?.Pool ?? share.PoolName;
        if (!_pools.TryGetValue(poolName, out var pool))
        {
            return new EnsuredShare { Id = share.Id, Status = EnsureStatus.Error, Message = $"The share's pool '{poolName}' is no longer configured on this backend." };
        }

        var name = record?.Name ?? share.Name;
        try
        {
            await RecoverSwapAsync(pool, name, cancellationToken);
            if (!Directory.Exists(pool.SharePath(name)))
            {
                return new EnsuredShare { Id = share.Id, Status = EnsureStatus.NotFound, Message = $"The share's data is missing from pool '{poolName}'." };
            }

            var protocol = share.Protocol.ToUpperInvariant();
            if (record is null)
            {
                // The data is there but the catalog lost it (restored from an older copy): adopt it, without rules.
                _logger.LogWarning("Adopting share {Name} found in pool {Pool} but not in the catalog", name, poolName);
                EnsureServes(protocol);
                record = Reserve(share, protocol, pool);
            }

            await FinishShareAsync(record, pool, record.Ready ? record.SizeGb : share.SizeGb, cancellationToken);
            return new EnsuredShare { Id = share.Id, Status = EnsureStatus.Available, ExportLocations = Locations(record.Protocol, record.Name, snapshot: false, record.ReadOnly) };
        }
        catch (ShareDriverException e)
        {
            _logger.LogError("Share {Name} could not be re-exported: {Reason}", name, e.Message);
            return new EnsuredShare { Id = share.Id, Status = EnsureStatus.Error, Message = e.UserMessage ?? "The share could not be exported again." };
        }
    }

    /// <summary>The catalog entry for a share being created, written before anything is made so a crash leaves a trace to finish or clean.</summary>
    private ShareRecord Reserve(DriverShare share, string protocol, Pool pool)
    {
        ShareRecord? record = null;
        _catalog.Update(data =>
        {
            if (!data.Shares.TryGetValue(share.Id, out record))
            {
                record = new ShareRecord
                {
                    Id = share.Id,
                    Name = share.Name,
                    Pool = pool.Name,
                    Protocol = protocol,
                    SizeGb = share.SizeGb,
                    ExportId = protocol == "NFS" ? data.NextExportId() : 0,
                };
                data.Shares[share.Id] = record;
            }
        });
        return record!;
    }

    /// <summary>Limit, mount, export; then the share is ready. Safe to repeat.</summary>
    private async Task FinishShareAsync(ShareRecord record, Pool pool, int sizeGb, CancellationToken cancellationToken)
    {
        var path = pool.SharePath(record.Name);
        await pool.SetLimitAsync(path, sizeGb * Unit, cancellationToken);
        await _mounts.EnsureAsync(pool, path, record.Name, readOnly: record.ReadOnly, cancellationToken);
        await PublishAsync(record.Protocol, record.Name, record.ExportId, snapshot: false, record.Rules, disconnect: false, cancellationToken);
        _catalog.Update(_ =>
        {
            record.SizeGb = sizeGb;
            record.Ready = true;
        });
    }

    private (ShareRecord Record, Pool Pool) Existing(DriverShare share)
    {
        var record = _catalog.Share(share.Id) ?? throw new ShareNotFoundException($"Share instance {share.Id} does not exist on this backend.");
        return (record, PoolOf(record.Pool));
    }

    private string Gib(long bytes) => (bytes / (double)Unit).ToString("0.##", CultureInfo.InvariantCulture);
}
