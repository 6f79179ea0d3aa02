using ShareHost.Abstractions;
using ShareHost.Api.Errors;

namespace ShareHost.Features.Mounts.Leases;

/// <summary>
/// The authoritative live leases of the backends this process owns, for the hot path: per share (exclusivity,
/// stickiness) and per address (live counts), each kept so no request scans them. Every change happens under one
/// lock together with the write that records it being queued, so memory and the database change in the same order.
/// </summary>
public sealed class LeaseTable(LeaseWriter writer, LeaseClock clock)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, MountLease> _live = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ShareLeases> _byShare = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Backend, string Address), int> _counts = [];
    private readonly Dictionary<string, long> _latestTokens = new(StringComparer.Ordinal);

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _live.Count;
            }
        }
    }

    public MountLease? FindLive(string id)
    {
        lock (_lock)
        {
            return _live.GetValueOrDefault(id);
        }
    }

    /// <summary>Live leases per address of one backend.</summary>
    public Dictionary<string, int> CountsFor(string backend)
    {
        lock (_lock)
        {
            return CountsForLocked(backend);
        }
    }

    /// <summary>
    /// What a driver's picker is told: live leases on each of <paramref name="addresses"/> (in their order), and the
    /// address the client holds on the share.
    /// </summary>
    public (int[] Live, string? Current) PickContext(string backend, IReadOnlyList<ExportAddress> addresses, string shareId, string client)
    {
        var live = new int[addresses.Count];
        lock (_lock)
        {
            for (var i = 0; i < live.Length; i++)
            {
                live[i] = _counts.GetValueOrDefault((backend, addresses[i].Address));
            }

            return (live, _byShare.GetValueOrDefault(shareId)?.AddressOf(client));
        }
    }

    /// <summary>
    /// The live leases on a share (with <paramref name="snapshotId"/>, only those that mount that snapshot of it):
    /// those being granted and those whose time is not up (an overdue one is expired by the next sweep). With
    /// <paramref name="writtenOnly"/>, only those whose row is written (which may be ended).
    /// </summary>
    public IReadOnlyList<MountLease> LiveOn(string shareId, string? snapshotId, bool writtenOnly = false)
    {
        lock (_lock)
        {
            if (!_byShare.TryGetValue(shareId, out var onShare))
            {
                return [];
            }

            var now = clock.Now;
            return onShare.On(snapshotId)
                .Where(l => writtenOnly ? l.Persisted : l.Deadline > now || !l.Persisted)
                .ToList();
        }
    }

    /// <summary>Fails fast, before any driver is asked, when the mount would conflict with a live lease.</summary>
    public void EnsureNoConflict(MountLease lease)
    {
        if (!lease.IsReadWrite)
        {
            return;
        }

        lock (_lock)
        {
            var now = clock.Now;
            foreach (var other in Conflicts(lease))
            {
                if (other.Deadline > now || !other.Persisted)
                {
                    throw ConflictError(lease, other);
                }
            }
        }
    }

    /// <summary>
    /// Admits the lease if the share's exclusivity allows it: ends (as expired) the conflicting leases whose time is
    /// up, lets <paramref name="pickHost"/> choose the address when the host chooses (with live counts and the
    /// client's current address), lets <paramref name="bind"/> finish the lease for that address, counts the lease,
    /// and queues its row. The returned expired leases are for the caller to complete (withdraw their access).
    /// </summary>
    public (Task<LeaseWriteResult> Written, ExpiredLeases Expired) Reserve(
        MountLease lease, Func<Func<string, int>, string?, string>? pickHost, Action<MountLease> bind, string expiredAccess)
    {
        lock (_lock)
        {
            var now = clock.Now;
            List<MountLease>? overdue = null;
            MountLease? conflict = null;
            foreach (var other in Conflicts(lease))
            {
                if (other.Deadline <= now && other.Persisted)
                {
                    (overdue ??= []).Add(other);
                }
                else
                {
                    conflict ??= other;
                }
            }

            var expired = overdue is null ? ExpiredLeases.None : EndAllLocked(overdue, LeaseStates.Expired, expiredAccess);
            if (conflict is not null)
            {
                return (Task.FromException<LeaseWriteResult>(ConflictError(lease, conflict)), expired);
            }

            if (pickHost is not null)
            {
                lease.Address = pickHost(address => _counts.GetValueOrDefault((lease.Backend, address)),
                    _byShare.GetValueOrDefault(lease.ShareId)?.AddressOf(lease.Client));
            }

            bind(lease);
            lease.Deadline = clock.After(now, lease.LeaseSeconds);
            AddLocked(lease);
            return (writer.InsertAsync(lease), expired);
        }
    }

    /// <summary>
    /// The highest fencing token this process has granted on the share (0 when none): with the share's recorded
    /// token, what a driver is told, as a cached share row may predate the latest grants.
    /// </summary>
    public long LatestToken(string shareId)
    {
        lock (_lock)
        {
            return _latestTokens.GetValueOrDefault(shareId);
        }
    }

    /// <summary>Marks the lease written (it may now be renewed, ended, expired) with its token and database times.</summary>
    public void Persisted(MountLease lease, LeaseWriteResult written)
    {
        lock (_lock)
        {
            lease.FencingToken = written.Value;
            if (written.Value > _latestTokens.GetValueOrDefault(lease.ShareId))
            {
                _latestTokens[lease.ShareId] = written.Value;
            }

            lease.GrantedAt = written.At;
            lease.Persisted = true;
        }
    }

    /// <summary>Takes back a lease whose row could not be written: nothing of it stays.</summary>
    public void Forget(MountLease lease)
    {
        lock (_lock)
        {
            RemoveLocked(lease);
        }
    }

    /// <summary>Extends a live lease by <paramref name="seconds"/> from now and queues the write; or says why it cannot.</summary>
    public RenewOutcome Renew(MountLease lease, int seconds, string expiredAccess, out Task<LeaseWriteResult>? written)
    {
        lock (_lock)
        {
            written = null;
            if (!_live.ContainsKey(lease.Id) || !lease.Persisted)
            {
                return lease.Persisted ? RenewOutcome.Ended : RenewOutcome.NotYetWritten;
            }

            var now = clock.Now;
            if (lease.Deadline <= now)
            {
                // Its time is up on the server's clock: it expires now, whether or not the sweep has come by yet.
                EndLocked(lease, LeaseStates.Expired, expiredAccess);
                written = writer.EndAsync(lease);
                return RenewOutcome.Expired;
            }

            lease.LeaseSeconds = seconds;
            lease.Renewals++;
            lease.Deadline = clock.After(now, seconds);
            written = writer.RenewAsync(lease, seconds);
            return RenewOutcome.Renewed;
        }
    }

    /// <summary>Ends a live lease (release) and queues the write; false when it had already ended.</summary>
    public bool End(MountLease lease, string state, string access, out Task<LeaseWriteResult>? written)
    {
        lock (_lock)
        {
            written = null;
            if (!_live.ContainsKey(lease.Id) || !lease.Persisted)
            {
                return false;
            }

            EndLocked(lease, state, access);
            written = writer.EndAsync(lease);
            return true;
        }
    }

    /// <summary>Ends every lease whose time is up and queues one write for all of them.</summary>
    public ExpiredLeases ExpireOverdue(string access)
    {
        lock (_lock)
        {
            var now = clock.Now;
            var expired = new List<MountLease>();
            foreach (var lease in _live.Values)
            {
                if (lease.Deadline <= now && lease.Persisted)
                {
                    expired.Add(lease);
                }
            }

            return EndAllLocked(expired, LeaseStates.Expired, access);
        }
    }

    /// <summary>Ends these leases, those still live and written, as <paramref name="state"/> and queues one write for all of them.</summary>
    public ExpiredLeases EndAll(IEnumerable<MountLease> leases, string state, string access)
    {
        lock (_lock)
        {
            return EndAllLocked(leases.Where(l => l.Persisted && _live.ContainsKey(l.Id)).ToList(), state, access);
        }
    }

    /// <summary>Queues the write of leases' access state after the access machinery answered (nothing when unchanged).</summary>
    public Task<LeaseWriteResult> RecordAccess(IReadOnlyList<MountLease> leases, IReadOnlyList<string> states)
    {
        var unchanged = true;
        for (var i = 0; i < leases.Count && unchanged; i++)
        {
            unchanged = leases[i].Access == states[i];
        }

        if (unchanged)
        {
            return Task.FromResult(default(LeaseWriteResult));
        }

        lock (_lock)
        {
            var changed = new List<MountLease>();
            for (var i = 0; i < leases.Count; i++)
            {
                if (leases[i].Access != states[i])
                {
                    leases[i].Access = states[i];
                    changed.Add(leases[i]);
                }
            }

            return changed.Count == 0 ? Task.FromResult(default(LeaseWriteResult)) : writer.SetAccessAsync(changed);
        }
    }

    /// <summary>
    /// Records the access a new lease was granted, unless the lease ended while it was being granted (its time ran
    /// out, or a sweep or an exclusive mount ended it): then false, and the caller withdraws what was granted.
    /// </summary>
    public bool TryRecordGranted(MountLease lease, string state, out Task<LeaseWriteResult> written)
    {
        lock (_lock)
        {
            written = Task.FromResult(default(LeaseWriteResult));
            if (!_live.ContainsKey(lease.Id))
            {
                return false;
            }

            if (lease.Access != state)
            {
                lease.Access = state;
                written = writer.SetAccessAsync([lease]);
            }

            return true;
        }
    }

    /// <summary>Adopts the live leases of a backend this process just took (rows read from the database); returns those it had not held.</summary>
    public IReadOnlyList<MountLease> Load(IEnumerable<MountLease> leases)
    {
        lock (_lock)
        {
            var now = clock.Now;
            var adopted = leases.Where(l => !_live.ContainsKey(l.Id)).ToList();
            foreach (var lease in adopted)
            {
                lease.Deadline = clock.After(now, lease.SecondsLeft);
                lease.Persisted = true;
                AddLocked(lease);
            }

            return adopted;
        }
    }

    /// <summary>Forgets a lost backend's leases without writing anything: they are the new owner's now.</summary>
    public void Drop(string backend)
    {
        lock (_lock)
        {
            foreach (var lease in _live.Values.Where(l => l.Backend == backend).ToList())
            {
                RemoveLocked(lease);
            }
        }
    }

    /// <summary>
    /// The live leases a new one would conflict with: an exclusive rw mount admits no other rw lease on the share,
    /// and an exclusive rw mount needs no rw lease to be live. ro mounts never conflict.
    /// </summary>
    private IEnumerable<MountLease> Conflicts(MountLease lease)
    {
        if (!lease.IsReadWrite || !_byShare.TryGetValue(lease.ShareId, out var onShare) || onShare.ReadWrite == 0)
        {
            return [];
        }

        if (lease.Exclusive)
        {
            return onShare.ReadWriteLeases;
        }

        return onShare.Exclusive is { } exclusive ? [exclusive] : [];
    }

    private Dictionary<string, int> CountsForLocked(string backend)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var ((owner, address), count) in _counts)
        {
            if (owner == backend)
            {
                counts[address] = count;
            }
        }

        return counts;
    }

    private ExpiredLeases EndAllLocked(List<MountLease> ended, string state, string access)
    {
        if (ended.Count == 0)
        {
            return ExpiredLeases.None;
        }

        foreach (var lease in ended)
        {
            EndLocked(lease, state, access);
        }

        return new ExpiredLeases(ended, writer.EndManyAsync(ended, state, access));
    }

    private void AddLocked(MountLease lease)
    {
        _live[lease.Id] = lease;
        if (!_byShare.TryGetValue(lease.ShareId, out var onShare))
        {
            _byShare[lease.ShareId] = onShare = new ShareLeases();
        }

        onShare.Add(lease);
        _counts[(lease.Backend, lease.Address)] = _counts.GetValueOrDefault((lease.Backend, lease.Address)) + 1;
    }

    private void EndLocked(MountLease lease, string state, string access)
    {
        lease.State = state;
        lease.Access = access;
        RemoveLocked(lease);
    }

    private void RemoveLocked(MountLease lease)
    {
        if (!_live.Remove(lease.Id))
        {
            return;
        }

        if (_byShare.TryGetValue(lease.ShareId, out var onShare))
        {
            onShare.Remove(lease);
            if (onShare.Count == 0)
            {
                _byShare.Remove(lease.ShareId);
            }
        }

        var key = (lease.Backend, lease.Address);
        var count = _counts.GetValueOrDefault(key) - 1;
        if (count > 0)
        {
            _counts[key] = count;
        }
        else
        {
            _counts.Remove(key);
        }
    }

    private ConflictException ConflictError(MountLease lease, MountLease conflict)
    {
        var left = Math.Max(0, Math.Ceiling(clock.SecondsUntil(conflict.Deadline)));
        return conflict.Exclusive
            ? new ConflictException($"Share {lease.ShareId} has an exclusive rw mount (lease {conflict.Id}, client {conflict.Client}) for {left:0} more seconds unless renewed; a second rw mount must wait until it is released or expires.")
            : new ConflictException($"Share {lease.ShareId} has a live rw mount (lease {conflict.Id}, client {conflict.Client}); an exclusive rw mount needs the share to have none. It ends when released or in {left:0} seconds unless renewed.");
    }
}

/// <summary>Leases ended in memory (as expired, or released), and the queued write that records it.</summary>
public sealed record ExpiredLeases(IReadOnlyList<MountLease> Leases, Task<LeaseWriteResult> Written)
{
    public static ExpiredLeases None { get; } = new([], Task.FromResult(default(LeaseWriteResult)));
}

public enum RenewOutcome
{
    Renewed,
    Expired,
    Ended,
    NotYetWritten,
}
