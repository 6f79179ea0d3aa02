using Microsoft.Extensions.Logging;
using ShareHost.Abstractions;
using ShareHost.Drivers.Local.Catalog;
using ShareHost.Drivers.Local.Processes;
using ShareHost.Drivers.Local.Storage;

namespace ShareHost.Drivers.Local;

/// <summary>
/// Snapshots are read-only btrfs snapshots, mounted read-only and exported read-only. Revert keeps every
/// snapshot: the share's subvolume is replaced by a writable snapshot of the chosen one. A share from a snapshot
/// is a writable snapshot on the same filesystem, or a send/receive (btrfs) or rsync (folder) copy elsewhere.
/// </summary>
public sealed partial class LocalDriver : ISnapshotDriver, IRevertToSnapshotDriver, IShareFromSnapshotDriver, ISnapshotAccessDriver
{
    public async Task<SnapshotResult> CreateSnapshotAsync(DriverSnapshot snapshot, CancellationToken cancellationToken)
    {
        var name = SafeName(snapshot.Name);
        using var _ = await _locks.AcquireAsync(snapshot.Share.Id, cancellationToken);
        var share = _catalog.Share(snapshot.Share.Id) ?? throw new ShareNotFoundException($"Share instance {snapshot.Share.Id} does not exist on this backend.");
        var pool = PoolOf(share.Pool);
        if (!pool.SupportsSnapshots)
        {
            throw new NotSupportedException($"Pool '{pool.Name}' ({pool.Kind}) cannot take snapshots.");
        }

        SnapshotRecord? record = null;
        _catalog.Update(data =>
        {
            if (!data.Snapshots.TryGetValue(snapshot.Id, out record))
            {
                record = new SnapshotRecord
                {
                    Id = snapshot.Id,
                    Name = name,
                    ShareId = share.Id,
                    Pool = pool.Name,
                    Protocol = share.Protocol,
                    SizeGb = snapshot.SizeGb,
                    ExportId = share.Protocol == "NFS" ? data.NextExportId() : 0,
                };
                data.Snapshots[snapshot.Id] = record;
            }
        });

        var path = pool.SnapshotPath(record!.Name);
        await pool.SnapshotAsync(pool.SharePath(share.Name), path, readOnly: true, cancellationToken);
        await _mounts.EnsureAsync(pool, path, record.Name, readOnly: true, cancellationToken);
        await PublishAsync(record.Protocol, record.Name, record.ExportId, snapshot: true, record.Rules, disconnect: false, cancellationToken);
        _catalog.Update(_ => record.Ready = true);
        _logger.LogInformation("Took snapshot {Snapshot} of share {Share}", record.Name, share.Name);
        return new SnapshotResult
        {
            ProviderLocation = $"{pool.Name}/snapshots/{record.Name}",
            ExportLocations = Locations(record.Protocol, record.Name, snapshot: true),
        };
    }

    public async Task DeleteSnapshotAsync(DriverSnapshot snapshot, CancellationToken cancellationToken)
    {
        using var _ = await _locks.AcquireAsync(snapshot.Share.Id, cancellationToken);
        var record = _catalog.Snapshot(snapshot.Id);
        var name = record?.Name ?? SafeName(snapshot.Name);
        if (record is not null)
        {
            await UnpublishAsync(record.Protocol, name, record.ExportId, cancellationToken);
        }

        await _mounts.RemoveAsync(name, cancellationToken);
        var pool = _pools.GetValueOrDefault(record?.Pool ?? snapshot.Share.PoolName);
        if (pool is { SupportsSnapshots: true })
        {
            await pool.DeleteAsync(pool.SnapshotPath(name), cancellationToken);
        }

        if (record is not null)
        {
            _catalog.Update(data => data.Snapshots.Remove(snapshot.Id));
            await RemoveUnusedAccountsAsync(cancellationToken);
        }
    }

    /// <summary>
    /// Builds the snapshot's content as a writable snapshot beside the share, takes the share's export down,
    /// swaps the two subvolumes by renaming, mounts and exports the new one, then deletes the old. Exports are
    /// created with <c>Attr_Expiration_Time = 0</c>, and the export is removed and added again (dropping
    /// Ganesha's cached handles), so clients see the reverted files at once. Every snapshot stays.
    /// </summary>
    public async Task RevertToSnapshotAsync(DriverShare share, DriverSnapshot snapshot, CancellationToken cancellationToken)
    {
        using var _ = await _locks.AcquireAsync(share.Id, cancellationToken);
        var record = _catalog.Share(share.Id) ?? throw new ShareNotFoundException($"Share instance {share.Id} does not exist on this backend.");
        var snap = _catalog.Snapshot(snapshot.Id) ?? throw new ShareNotFoundException($"Snapshot instance {snapshot.Id} does not exist on this backend.");
        var pool = PoolOf(record.Pool);
        var source = PoolOf(snap.Pool).SnapshotPath(snap.Name);
        if (snap.Pool != record.Pool || !Directory.Exists(source))
        {
            throw new ShareNotFoundException($"Snapshot {snap.Name} is not in pool {record.Pool}.");
        }

        var path = pool.SharePath(record.Name);
        var staged = pool.SharePath($".{record.Name}.revert");
        var old = pool.SharePath($".{record.Name}.old");
        await RecoverSwapAsync(pool, record.Name, cancellationToken);
        await pool.SnapshotAsync(source, staged, readOnly: false, cancellationToken);
        await pool.SetLimitAsync(staged, record.SizeGb * Unit, cancellationToken);

        if (record.Protocol == "NFS")
        {
            await RequireNfs().RemoveAsync(record.Name, record.ExportId, cancellationToken);
        }
        else
        {
            await RequireSmb().CloseAsync(record.Name, cancellationToken);
        }

        try
        {
            await _mounts.UnmountAsync(record.Name, cancellationToken);
            Directory.Move(path, old);
            Directory.Move(staged, path);
        }
        finally
        {
            // Swapped or not, the share is served again: the reverted tree, or (the swap having failed) the old one.
            await RecoverSwapAsync(pool, record.Name, CancellationToken.None);
            await _mounts.EnsureAsync(pool, path, record.Name, readOnly: false, CancellationToken.None);
            await PublishAsync(record.Protocol, record.Name, record.ExportId, snapshot: false, record.Rules, disconnect: false, CancellationToken.None);
        }

        _logger.LogInformation("Reverted share {Share} to snapshot {Snapshot}", record.Name, snap.Name);
    }

    public async Task<CreateShareResult> CreateShareFromSnapshotAsync(DriverShare share, DriverSnapshot snapshot, CancellationToken cancellationToken)
    {
        var protocol = share.Protocol.ToUpperInvariant();
        EnsureServes(protocol);
        SafeName(share.Name);
        var target = PoolOf(share.PoolName);
        using var _ = await _locks.AcquireAsync(share.Id, cancellationToken);
        var snap = _catalog.Snapshot(snapshot.Id) ?? throw new ShareNotFoundException($"Snapshot instance {snapshot.Id} does not exist on this backend.");
        var sourcePool = PoolOf(snap.Pool);
        var source = sourcePool.SnapshotPath(snap.Name);
        if (!Directory.Exists(source))
        {
            throw new ShareNotFoundException($"Snapshot {snap.Name} is missing from pool {snap.Pool}.");
        }

        var record = Reserve(share, protocol, target);
        target = PoolOf(record.Pool);
        var path = target.SharePath(record.Name);
        if (!record.Ready || !Directory.Exists(path))
        {
            await CopySnapshotAsync(sourcePool, source, target, path, cancellationToken);
        }

        await FinishShareAsync(record, target, share.SizeGb, cancellationToken);
        _logger.LogInformation("Created share {Share} from snapshot {Snapshot}", record.Name, snap.Name);
        return new CreateShareResult { ExportLocations = Locations(record.Protocol, record.Name, snapshot: false) };
    }

    public async Task<IReadOnlyList<AccessRuleResult>> UpdateSnapshotAccessAsync(SnapshotAccessUpdate update, CancellationToken cancellationToken)
    {
        using var _ = await _locks.AcquireAsync(update.Snapshot.Share.Id, cancellationToken);
        var record = _catalog.Snapshot(update.Snapshot.Id) ?? throw new ShareNotFoundException($"Snapshot instance {update.Snapshot.Id} does not exist on this backend.");
        return await ApplyRulesAsync(record.Protocol, record.Name, record.ExportId, snapshot: true, record.Rules, update.Rules,
            rules => record.Rules = rules, cancellationToken);
    }

    /// <summary>
    /// The new share's tree: a writable snapshot when both pools are on one btrfs filesystem, btrfs send/receive
    /// into another btrfs filesystem, rsync into a folder pool. A partial copy from a crash is thrown away first.
    /// </summary>
    private static async Task CopySnapshotAsync(Pool sourcePool, string source, Pool target, string path, CancellationToken cancellationToken)
    {
        await target.DeleteAsync(path, cancellationToken);
        if (target is BtrfsPool && sourcePool.FileSystemId == target.FileSystemId)
        {
            await target.SnapshotAsync(source, path, readOnly: false, cancellationToken);
            return;
        }

        if (target is BtrfsPool)
        {
            var incoming = target.SharePath($".{Path.GetFileName(path)}.incoming");
            await target.DeleteAsync(Path.Combine(incoming, Path.GetFileName(source)), cancellationToken);
            Directory.CreateDirectory(incoming);
            (await Command.RunAsync("bash",
                ["-c", "set -o pipefail; btrfs send -q \"$1\" | btrfs receive -q \"$2\"", "sharehost-copy", source, incoming],
                cancellationToken, timeout: TimeSpan.FromHours(12)))
                .EnsureSuccess("The backend could not copy the snapshot to the other pool.");
            await target.SnapshotAsync(Path.Combine(incoming, Path.GetFileName(source)), path, readOnly: false, cancellationToken);
            await target.DeleteAsync(Path.Combine(incoming, Path.GetFileName(source)), cancellationToken);
            Directory.Delete(incoming);
            return;
        }

        await target.CreateAsync(path, cancellationToken);
        (await Command.RunAsync("rsync", ["-aHAX", "--numeric-ids", "--delete", source + "/", path + "/"], cancellationToken, timeout: TimeSpan.FromHours(12)))
            .EnsureSuccess("The backend could not copy the snapshot to the other pool.");
    }
}
