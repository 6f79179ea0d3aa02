using System.Collections.Concurrent;
using ShareHost.Abstractions;

namespace ShareHost.Drivers.Dummy;

/// <summary>
/// Snapshots on the Dummy backend (contract 1.3). Every share instance carries a content version standing for its
/// data: tests change it with <see cref="Write"/> and read it with <see cref="ContentVersion"/>. A snapshot captures
/// the version; a revert restores it and keeps every snapshot; a share created from a snapshot starts with it.
/// Mountable snapshots are exported read-only and admit the rules given through <see cref="UpdateSnapshotAccessAsync"/>
/// (ip rules for NFS, user rules for CIFS, as Manila's dummy driver; always read-only).
/// </summary>
public sealed partial class DummyDriver : ISnapshotDriver, IRevertToSnapshotDriver, IShareFromSnapshotDriver, ISnapshotAccessDriver
{
    /// <summary>
    /// Every Dummy snapshot in this process with its pool's replication domain, so a Dummy backend in the same domain
    /// can create a share from another backend's snapshot (Manila's CreateFromSnapshot filter allows that).
    /// </summary>
    private static readonly ConcurrentDictionary<string, (string Domain, DummySnapshot Snapshot)> SharedSnapshots = new(StringComparer.Ordinal);

    /// <summary>"Writes" to a share instance: its content version goes up by one. Returns the new version.</summary>
    public long Write(string shareInstanceId)
    {
        var share = _store.Find(shareInstanceId) ?? throw new ArgumentException($"No share instance {shareInstanceId} on this backend.", nameof(shareInstanceId));
        var written = share with { ContentVersion = share.ContentVersion + 1 };
        _store.Put(written);
        return written.ContentVersion;
    }

    /// <summary>The content version of a share instance, or the one a snapshot instance captured.</summary>
    public long ContentVersion(string id) =>
        _store.Find(id)?.ContentVersion
        ?? _store.FindSnapshot(id)?.ContentVersion
        ?? throw new ArgumentException($"No share or snapshot instance {id} on this backend.", nameof(id));

    /// <summary>The snapshot instances this backend holds for a share instance.</summary>
    public IReadOnlyList<string> SnapshotsOf(string shareInstanceId) =>
        _store.AllSnapshots().Where(s => s.ShareInstanceId == shareInstanceId).Select(s => s.Id).Order(StringComparer.Ordinal).ToList();

    /// <summary>The rules a snapshot's exports admit, as <c>type:to level</c> (the level is always <c>ro</c>).</summary>
    public IReadOnlyList<string> SnapshotAccess(string snapshotInstanceId) =>
        _store.FindSnapshot(snapshotInstanceId)?.AccessRules ?? throw new ArgumentException($"No snapshot instance {snapshotInstanceId} on this backend.", nameof(snapshotInstanceId));

    public async Task<SnapshotResult> CreateSnapshotAsync(DriverSnapshot snapshot, CancellationToken cancellationToken)
    {
        await _behaviour.BeforeAsync("CreateSnapshot", cancellationToken);
        var existing = _store.FindSnapshot(snapshot.Id);
        if (existing is null)
        {
            var share = _store.Find(snapshot.Share.Id)
                ?? throw new ShareNotFoundException($"Share instance {snapshot.Share.Id} does not exist on this backend.");
            existing = new DummySnapshot(snapshot.Id, snapshot.SnapshotId, share.Id, share.Pool, share.SizeGb, share.Protocol, share.ContentVersion,
                share.Protocol == "CIFS" ? snapshot.Name : $"/snapshots/{snapshot.Name}", []);
            _store.PutSnapshot(existing);
            Publish(existing);
        }

        return new SnapshotResult
        {
            ProviderLocation = $"dummy:{existing.Pool}/{existing.ShareInstanceId}@{existing.Id}",
            ExportLocations = Mountable(existing.Pool) ? SnapshotExports(existing) : [],
        };
    }

    public async Task DeleteSnapshotAsync(DriverSnapshot snapshot, CancellationToken cancellationToken)
    {
        await _behaviour.BeforeAsync("DeleteSnapshot", cancellationToken);
        SharedSnapshots.TryRemove(snapshot.Id, out _);
        if (!_store.RemoveSnapshot(snapshot.Id))
        {
            throw new ShareNotFoundException($"Snapshot instance {snapshot.Id} does not exist on this backend.");
        }
    }

    public async Task RevertToSnapshotAsync(DriverShare share, DriverSnapshot snapshot, CancellationToken cancellationToken)
    {
        await _behaviour.BeforeAsync("RevertToSnapshot", cancellationToken);
        var existing = _store.Find(share.Id) ?? throw new ShareNotFoundException($"Share instance {share.Id} does not exist on this backend.");
        var taken = _store.FindSnapshot(snapshot.Id) ?? throw new ShareNotFoundException($"Snapshot instance {snapshot.Id} does not exist on this backend.");
        if (taken.ShareInstanceId != share.Id)
        {
            throw new ShareDriverException($"Snapshot instance {snapshot.Id} is not of share instance {share.Id}.");
        }

        // Only the share changes: every snapshot stays as it is.
        _store.Put(existing with { ContentVersion = taken.ContentVersion, SizeGb = taken.SizeGb });
    }

    public async Task<CreateShareResult> CreateShareFromSnapshotAsync(DriverShare share, DriverSnapshot snapshot, CancellationToken cancellationToken)
    {
        await _behaviour.BeforeAsync("CreateShareFromSnapshot", cancellationToken);
        var pool = _pools.FirstOrDefault(p => p.Name == share.PoolName) ?? throw new ShareDriverException($"There is no pool '{share.PoolName}' on this backend.");
        if (!_protocols.Contains(share.Protocol, StringComparer.OrdinalIgnoreCase))
        {
            throw new ShareDriverException($"The Dummy backend does not serve {share.Protocol}.");
        }

        var existing = _store.Find(share.Id);
        if (existing is null)
        {
            var source = _store.FindSnapshot(snapshot.Id)
                ?? (SharedSnapshots.TryGetValue(snapshot.Id, out var shared) && pool.ReplicationDomain is { } domain && shared.Domain == domain ? shared.Snapshot : null)
                ?? throw new ShareDriverException($"Snapshot instance {snapshot.Id} is neither on this backend nor in its replication domain.");
            existing = new DummyShare(share.Id, share.ShareId, share.PoolName, share.SizeGb, share.Protocol.ToUpperInvariant(), ExportPathFor(share), source.ContentVersion);
            _store.Put(existing);
        }

        return new CreateShareResult { ExportLocations = Exports(existing) };
    }

    public async Task<IReadOnlyList<AccessRuleResult>> UpdateSnapshotAccessAsync(SnapshotAccessUpdate update, CancellationToken cancellationToken)
    {
        await _behaviour.BeforeAsync("UpdateSnapshotAccess", cancellationToken);
        var snapshot = _store.FindSnapshot(update.Snapshot.Id)
            ?? throw new ShareNotFoundException($"Snapshot instance {update.Snapshot.Id} does not exist on this backend.");
        var wanted = snapshot.Protocol == "CIFS" ? "user" : "ip";
        var results = new List<AccessRuleResult>();
        var admitted = new List<string>();
        foreach (var rule in update.Rules)
        {
            if (rule.AccessType != wanted || rule.AccessLevel != "ro")
            {
                results.Add(new AccessRuleResult
                {
                    RuleId = rule.Id,
                    Outcome = AccessRuleOutcome.Error,
                    Message = rule.AccessLevel != "ro"
                        ? "Dummy snapshots are exported read-only."
                        : $"The Dummy backend admits only '{wanted}' rules on {snapshot.Protocol} snapshots.",
                });
                continue;
            }

            admitted.Add($"{rule.AccessType}:{rule.AccessTo} ro");
        }

        _store.PutSnapshot(snapshot with { AccessRules = [.. admitted] });
        return results;
    }

    /// <summary>Called at start for the snapshots in the state file, so other backends of the domain see them again.</summary>
    private void PublishStoredSnapshots()
    {
        foreach (var snapshot in _store.AllSnapshots())
        {
            Publish(snapshot);
        }
    }

    private void Publish(DummySnapshot snapshot)
    {
        if (_pools.FirstOrDefault(p => p.Name == snapshot.Pool)?.ReplicationDomain is { } domain)
        {
            SharedSnapshots[snapshot.Id] = (domain, snapshot);
        }
    }

    private bool Mountable(string pool) => _pools.FirstOrDefault(p => p.Name == pool)?.MountSnapshotSupport == true;

    private static IReadOnlyList<ExportPath> SnapshotExports(DummySnapshot snapshot) =>
    [
        new ExportPath { Path = snapshot.Path, Preferred = true, ReadOnly = true },
        new ExportPath { Path = snapshot.Protocol == "CIFS" ? snapshot.Path + "-admin" : "/admin" + snapshot.Path, IsAdminOnly = true, ReadOnly = true },
    ];
}
