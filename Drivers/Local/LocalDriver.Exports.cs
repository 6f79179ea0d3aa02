using Microsoft.Extensions.Logging;
using ShareHost.Abstractions;
using ShareHost.Drivers.Local.Access;
using ShareHost.Drivers.Local.Catalog;
using ShareHost.Drivers.Local.Cifs;
using ShareHost.Drivers.Local.Nfs;
using ShareHost.Drivers.Local.Storage;

namespace ShareHost.Drivers.Local;

/// <summary>How shares and snapshots become exports: mounted under the mount root, exported from there.</summary>
public sealed partial class LocalDriver
{
    private static string NfsPseudo(string name, bool snapshot) => (snapshot ? "/snapshots/" : "/shares/") + name;

    private static IReadOnlyList<ExportPath> Locations(string protocol, string name, bool snapshot, bool readOnly = false) =>
    [
        new ExportPath
        {
            Path = protocol == "CIFS" ? name : NfsPseudo(name, snapshot),
            Preferred = true,
            ReadOnly = snapshot || readOnly,
        },
    ];

    /// <summary>Whether a share of this name is a non-active replica, served read-only to every client.</summary>
    private bool ServedReadOnly(string name) => _catalog.Shares.Any(s => s.Name == name && s.ReadOnly);

    private Pool PoolOf(string name) =>
        _pools.GetValueOrDefault(name) ?? throw new ShareDriverException($"There is no pool '{name}' on this backend.");

    private NfsExport NfsExportOf(string name, int exportId, bool snapshot, IEnumerable<RuleRecord> rules, bool? readOnly = null) => new(
        name, exportId, _mounts.PathOf(name), NfsPseudo(name, snapshot), snapshot || (readOnly ?? ServedReadOnly(name)),
        rules.Select(r => IpClient.TryParse(r.To, out var client) ? new NfsClientRule(client!, r.Level == "ro") : null)
            .OfType<NfsClientRule>()
            .ToList());

    private SambaShare SambaShareOf(string name, bool snapshot, IEnumerable<RuleRecord> rules, bool? readOnly = null)
    {
        var list = rules.ToList();
        string? Account(RuleRecord r) => _catalog.User(r.To)?.Account;
        return new SambaShare(
            name, _mounts.PathOf(name), snapshot || (readOnly ?? ServedReadOnly(name)),
            list.Where(r => r.Level == "ro").Select(Account).OfType<string>().ToList(),
            list.Where(r => r.Level == "rw").Select(Account).OfType<string>().ToList());
    }

    private IEnumerable<NfsExport> NfsExports() =>
        _catalog.Shares.Where(s => s.Protocol == "NFS" && s.ExportId > 0).Select(s => NfsExportOf(s.Name, s.ExportId, false, s.Rules, s.ReadOnly))
            .Concat(_catalog.Snapshots.Where(s => s.Protocol == "NFS" && s.ExportId > 0).Select(s => NfsExportOf(s.Name, s.ExportId, true, s.Rules)));

    private IEnumerable<SambaShare> SambaShares() =>
        _catalog.Shares.Where(s => s.Protocol == "CIFS").Select(s => SambaShareOf(s.Name, false, s.Rules, s.ReadOnly))
            .Concat(_catalog.Snapshots.Where(s => s.Protocol == "CIFS").Select(s => SambaShareOf(s.Name, true, s.Rules)));

    private IEnumerable<(string Account, string Client)> SambaUsers() => _catalog.Users.Select(u => (u.Account, u.Client));

    /// <summary>Writes the export and applies it live: the source of truth first, then every running daemon.</summary>
    private async Task PublishAsync(string protocol, string name, int exportId, bool snapshot, IEnumerable<RuleRecord> rules, bool disconnect, CancellationToken cancellationToken)
    {
        if (protocol == "NFS")
        {
            await RequireNfs().ApplyAsync(NfsExportOf(name, exportId, snapshot, rules), cancellationToken);
        }
        else
        {
            await RequireSmb().ApplyAsync([SambaShareOf(name, snapshot, rules)], SambaUsers(), disconnect ? [name] : [], cancellationToken);
        }
    }

    private async Task UnpublishAsync(string protocol, string name, int exportId, CancellationToken cancellationToken)
    {
        if (protocol == "NFS")
        {
            if (_nfs is not null && exportId > 0)
            {
                await _nfs.RemoveAsync(name, exportId, cancellationToken);
            }
        }
        else if (_smb is not null)
        {
            await _smb.RemoveAsync(name, cancellationToken);
        }
    }

    private GaneshaCluster RequireNfs() => _nfs ?? throw new ShareDriverException("This backend does not serve NFS.");

    private SambaServer RequireSmb() => _smb ?? throw new ShareDriverException("This backend does not serve CIFS.");

    private void EnsureServes(string protocol)
    {
        if (!Serves(protocol))
        {
            throw new ShareDriverException($"The Local backend '{_backend}' does not serve {protocol}; it serves {string.Join(" and ", _protocols)}.");
        }
    }

    /// <summary>
    /// Finishes or undoes a revert a crash interrupted. Revert builds the new content at <c>.name.revert</c>, then
    /// renames <c>name</c> to <c>.name.old</c> and <c>.name.revert</c> to <c>name</c>: whichever step was reached,
    /// the share ends up with a complete tree and the leftovers are deleted.
    /// </summary>
    private static async Task RecoverSwapAsync(Pool pool, string name, CancellationToken cancellationToken)
    {
        var path = pool.SharePath(name);
        var staged = pool.SharePath($".{name}.revert");
        var old = pool.SharePath($".{name}.old");
        if (!Directory.Exists(path))
        {
            if (Directory.Exists(staged))
            {
                Directory.Move(staged, path);
            }
            else if (Directory.Exists(old))
            {
                Directory.Move(old, path);
            }
        }

        await pool.DeleteAsync(staged, cancellationToken);
        await pool.DeleteAsync(old, cancellationToken);
    }

    /// <summary>At start: every share and snapshot the catalog knows is mounted again (the exports point at the mounts).</summary>
    private async Task RemountAllAsync(CancellationToken cancellationToken)
    {
        foreach (var share in _catalog.Shares)
        {
            if (!_pools.TryGetValue(share.Pool, out var pool))
            {
                _logger.LogError("Share {Name} is in pool {Pool}, which is no longer configured", share.Name, share.Pool);
                continue;
            }

            await RecoverSwapAsync(pool, share.Name, cancellationToken);
            if (Directory.Exists(pool.SharePath(share.Name)))
            {
                await _mounts.EnsureAsync(pool, pool.SharePath(share.Name), share.Name, readOnly: share.ReadOnly, cancellationToken);
            }
            else
            {
                _logger.LogError("Share {Name} is missing from pool {Pool}", share.Name, share.Pool);
            }
        }

        foreach (var snapshot in _catalog.Snapshots)
        {
            if (_pools.TryGetValue(snapshot.Pool, out var pool) && Directory.Exists(pool.SnapshotPath(snapshot.Name)))
            {
                await _mounts.EnsureAsync(pool, pool.SnapshotPath(snapshot.Name), snapshot.Name, readOnly: true, cancellationToken);
            }
            else
            {
                _logger.LogError("Snapshot {Name} is missing from pool {Pool}", snapshot.Name, snapshot.Pool);
            }
        }
    }

    /// <summary>Names become paths, file names and Samba sections: the host's <c>share-&lt;id&gt;</c> is fine; anything odd is refused.</summary>
    private static string SafeName(string name) =>
        name.Length is > 0 and <= 200 && name[0] != '.' && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')
            ? name
            : throw new ShareDriverException($"'{name}' is not a name the Local backend can use for a share or snapshot.");
}
