namespace ShareHost.Features.Mounts.Leases;

/// <summary>
/// One share's live leases, kept so the hot path never scans them: how many are rw, the exclusive rw lease if one
/// lives, and each client's leases (for stickiness). Only touched under the lease table's lock.
/// <para>
/// A lease lives for its whole duration, so every object it holds outlives the request that made it and is copied by
/// each garbage collection until it reaches the oldest generation; that copying is the mount path's pause. So a new
/// lease takes the client and export path strings the share's live leases already hold, and the per-request copies
/// die young.
/// </para>
/// </summary>
internal sealed class ShareLeases
{
    private readonly HashSet<MountLease> _all = [];
    private readonly Dictionary<string, List<MountLease>> _byClient = new(StringComparer.Ordinal);

    // The export paths live leases were bound to: a handful per share (its addresses, for the share and its snapshots).
    private readonly HashSet<string> _paths = new(StringComparer.Ordinal);

    public int Count => _all.Count;

    public int ReadWrite { get; private set; }

    /// <summary>The live exclusive rw lease; there is at most one.</summary>
    public MountLease? Exclusive { get; private set; }

    public IEnumerable<MountLease> ReadWriteLeases => _all.Where(l => l.IsReadWrite);

    /// <summary>The live leases that mount one snapshot of the share, or with no snapshot given, all of them (share and snapshot mounts).</summary>
    public IEnumerable<MountLease> On(string? snapshotId) => snapshotId is null ? _all : _all.Where(l => l.SnapshotId == snapshotId);

    public void Add(MountLease lease)
    {
        _all.Add(lease);
        if (lease.IsReadWrite)
        {
            ReadWrite++;
            if (lease.Exclusive)
            {
                Exclusive = lease;
            }
        }

        if (_byClient.TryGetValue(lease.Client, out var leases))
        {
            lease.Client = leases[0].Client;
        }
        else
        {
            _byClient[lease.Client] = leases = [];
        }

        if (_paths.TryGetValue(lease.ExportPath, out var path))
        {
            lease.ExportPath = path;
        }
        else
        {
            _paths.Add(lease.ExportPath);
        }

        leases.Add(lease);
    }

    public void Remove(MountLease lease)
    {
        if (!_all.Remove(lease))
        {
            return;
        }

        if (lease.IsReadWrite)
        {
            ReadWrite--;
            if (ReferenceEquals(Exclusive, lease))
            {
                Exclusive = null;
            }
        }

        if (_byClient.TryGetValue(lease.Client, out var leases))
        {
            leases.Remove(lease);
            if (leases.Count == 0)
            {
                _byClient.Remove(lease.Client);
            }
        }
    }

    /// <summary>The address of the client's most recent live lease on the share.</summary>
    public string? AddressOf(string client) => _byClient.TryGetValue(client, out var leases) ? leases[^1].Address : null;
}
