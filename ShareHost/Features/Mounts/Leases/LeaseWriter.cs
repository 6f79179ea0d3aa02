using System.Data.Common;
using System.Threading.Channels;
using ShareHost.Api.Errors;
using ShareHost.Features.Ownership;
using ShareHost.Persistence;

namespace ShareHost.Features.Mounts.Leases;

/// <summary>
/// Group commit for lease writes: requests queue their inserts, renewals and ends; one loop takes whatever has queued
/// up (while the previous batch committed) and writes it in one SQLite transaction; each request awaits its batch.
/// Under load batches grow by themselves, so thousands of mounts and renewals per second cost a few commits.
/// Each batch is fenced: writes for a backend this process no longer holds the ownership lease of are refused.
/// </summary>
public sealed class LeaseWriter(SqliteConnectionFactory connections, HolderIdentity holder, ILogger<LeaseWriter> logger) : BackgroundService
{
    private const int MaxBatch = 4096;

    /// <summary>
    /// The writer's own connection's page cache: enough for the pages its batches keep coming back to (the last leaf
    /// of each share's and each access rule's entries in the lease indexes, the shares' fencing counters) with
    /// thousands of shares and rules. A pooled connection keeps 1 MiB.
    /// </summary>
    private const int CacheKiB = 16 * 1024;

    private PooledSqliteConnection? _connection;

    private readonly Channel<LeaseWrite> _queue = Channel.CreateUnbounded<LeaseWrite>(new UnboundedChannelOptions { SingleReader = true });

    /// <summary>Writes a new lease and takes the share's next fencing token, which the result carries.</summary>
    public Task<LeaseWriteResult> InsertAsync(MountLease lease) => Enqueue(new InsertWrite(lease));

    public Task<LeaseWriteResult> RenewAsync(MountLease lease, int seconds) => Enqueue(new RenewWrite(lease.Id, lease.Backend, seconds));

    public Task<LeaseWriteResult> EndAsync(MountLease lease) => Enqueue(new EndWrite(lease.Id, lease.Backend, lease.State, lease.Access));

    /// <summary>Ends many leases with one statement per backend; the result's value is how many rows changed.</summary>
    public Task<LeaseWriteResult> EndManyAsync(IReadOnlyList<MountLease> leases, string state, string access) =>
        Enqueue(new EndManyWrite(leases.Select(l => (l.Id, l.RowId, l.Backend)).ToList(), state, access));

    public Task<LeaseWriteResult> SetAccessAsync(IReadOnlyList<MountLease> leases) =>
        Enqueue(new AccessWrite(leases.Select(l => (l.Id, l.Access, l.AccessRuleId)).ToList()));

    public override Task StopAsync(CancellationToken cancellationToken)
    {
        // Refuse new writes, then let the loop drain what is queued: an accepted write is never dropped.
        _queue.Writer.TryComplete();
        return base.StopAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<LeaseWrite>();
        while (await _queue.Reader.WaitToReadAsync(CancellationToken.None))
        {
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var write))
            {
                batch.Add(write);
            }

            await CommitAsync(batch);
            batch.Clear();
        }

        if (_connection is not null)
        {
            await _connection.DisposeAsync();
        }
    }

    private Task<LeaseWriteResult> Enqueue(LeaseWrite write)
    {
        if (!_queue.Writer.TryWrite(write))
        {
            write.Completion.TrySetException(new ServiceUnavailableException("ShareHost is stopping; try again on another process or after it restarts."));
        }

        return write.Completion.Task;
    }

    private async Task CommitAsync(List<LeaseWrite> batch)
    {
        try
        {
            await CommitOnceAsync(batch);
        }
        catch (Exception e) when (batch.Count > 1)
        {
            // One bad write must not fail the others: write each alone to find it.
            logger.LogWarning(e, "A batch of {Count} lease writes failed; writing them one by one", batch.Count);
            foreach (var write in batch)
            {
                try
                {
                    await CommitOnceAsync([write]);
                }
                catch (Exception single)
                {
                    write.Completion.TrySetException(single);
                }
            }
        }
        catch (Exception e)
        {
            batch[0].Completion.TrySetException(e);
        }
    }

    private async Task CommitOnceAsync(IReadOnlyList<LeaseWrite> batch)
    {
        var connection = _connection ??= await connections.OpenDedicatedAsync(CacheKiB);
        // Lease rows and the shares' fencing counters are no row a cache keeps (see ShareRowCache): no update hook
        // for the thousands of rows a batch or a sweep writes.
        connection.WritesUnwatched = true;
        try
        {
            await using var transaction = await SqliteConnectionFactory.BeginWriteAsync(connection);
            await WriteAsync(connection, transaction, batch);
        }
        catch
        {
            // Whatever failed, the next batch starts on a fresh connection.
            _connection = null;
            await connection.DisposeAsync();
            throw;
        }
        finally
        {
            SqliteConnectionFactory.EndWrite(connection);
        }
    }

    private async Task WriteAsync(PooledSqliteConnection connection, DbTransaction transaction, IReadOnlyList<LeaseWrite> batch)
    {
        var (nowText, now, held) = await MountLeaseRepository.BatchContextAsync(connection, transaction, holder.Id);
        var outcomes = new (long Value, Exception? Error)[batch.Count];

        Insert(connection, batch, held, nowText, now, outcomes);
        var renewals = Owned<RenewWrite>(batch, held, outcomes);
        if (renewals.Count > 0)
        {
            await MountLeaseRepository.RenewAsync(connection, transaction, renewals.Select(r => (object)new { r.Id, r.Seconds, Now = nowText }));
        }

        var ends = Owned<EndWrite>(batch, held, outcomes);
        if (ends.Count > 0)
        {
            await MountLeaseRepository.EndAsync(connection, transaction, ends.Select(e => (object)new { e.Id, e.State, e.Access, Now = nowText }));
        }

        for (var i = 0; i < batch.Count; i++)
        {
            switch (batch[i])
            {
                case EndManyWrite many:
                    var ending = many.Leases.Where(l => held.Contains(l.Backend)).Select(l => (l.RowId, l.Id)).ToList();
                    outcomes[i].Value = MountLeaseRepository.EndMany(connection, ending, many.State, many.Access, nowText);
                    break;
                case AccessWrite access:
                    await MountLeaseRepository.SetAccessAsync(connection, transaction, access.Leases.Select(l => (object)new { l.Id, l.Access, l.AccessRuleId }));
                    break;
            }
        }

        await transaction.CommitAsync();
        for (var i = 0; i < batch.Count; i++)
        {
            if (outcomes[i].Error is { } error)
            {
                batch[i].Completion.TrySetException(error);
            }
            else
            {
                batch[i].Completion.TrySetResult(new LeaseWriteResult(outcomes[i].Value, now));
            }
        }
    }

    /// <summary>
    /// New leases, share by share: each share's tokens are taken in one step, in queue order. A lease is written only
    /// while its share is available on the instance it was mounted from, checked here inside the write transaction: a
    /// delete, reset or move that committed first refuses it; one that commits later sees the lease.
    /// </summary>
    private static void Insert(PooledSqliteConnection connection,
        IReadOnlyList<LeaseWrite> batch, HashSet<string> held, string now, DateTime at, (long Value, Exception? Error)[] outcomes)
    {
        var byShare = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (var i = 0; i < batch.Count; i++)
        {
            if (batch[i] is InsertWrite insert)
            {
                if (!held.Contains(insert.Lease.Backend))
                {
                    outcomes[i].Error = NotHeld(insert.Lease.Backend);
                    continue;
                }

                if (!byShare.TryGetValue(insert.Lease.ShareId, out var indexes))
                {
                    byShare[insert.Lease.ShareId] = indexes = [];
                }

                indexes.Add(i);
            }
        }

        if (byShare.Count == 0)
        {
            return;
        }

        var rows = new List<(MountLease, long)>();
        foreach (var (shareId, indexes) in byShare)
        {
            var fenced = MountLeaseRepository.AdvanceFencing(connection, shareId, indexes.Count, ((InsertWrite)batch[indexes[0]]).Lease.ShareInstanceId);
            for (var n = 0; n < indexes.Count; n++)
            {
                var index = indexes[n];
                var lease = ((InsertWrite)batch[index]).Lease;
                if (Refusal(shareId, fenced, lease) is { } refusal)
                {
                    outcomes[index].Error = refusal;
                    continue;
                }

                var fencingToken = fenced!.Value.Token - indexes.Count + 1 + n;
                outcomes[index].Value = fencingToken;
                rows.Add((lease, fencingToken));
            }
        }

        if (rows.Count > 0)
        {
            MountLeaseRepository.Insert(connection, rows, now, at);
        }
    }

    private static ApiException? Refusal(string shareId, FencedShare? fenced, MountLease lease)
    {
        if (fenced is not { } share)
        {
            return new NotFoundException($"Share {shareId} could not be found.");
        }

        if (share.Status != Shares.ShareStatus.Available)
        {
            return new BadRequestException(
                $"Invalid share: Share {shareId} is '{share.Status}' now (it stopped being available while being mounted); the mount was undone.");
        }

        return share.InstanceId == lease.ShareInstanceId ? null : new ConflictException(
            $"Share {shareId} moved to another instance while being mounted (a migration or replica promotion completed); the mount was undone: mount again.");
    }

    private static List<T> Owned<T>(IReadOnlyList<LeaseWrite> batch, HashSet<string> held, (long Value, Exception? Error)[] outcomes)
        where T : LeaseWrite
    {
        var owned = new List<T>();
        for (var i = 0; i < batch.Count; i++)
        {
            if (batch[i] is T write)
            {
                if (write.Backend is { } backend && !held.Contains(backend))
                {
                    outcomes[i].Error = NotHeld(backend);
                }
                else
                {
                    owned.Add(write);
                }
            }
        }

        return owned;
    }

    private static BackendNotOwnedException NotHeld(string backend) =>
        new(backend, $"This ShareHost process no longer holds the ownership lease of backend '{backend}'; the write was refused.");

    private abstract record LeaseWrite(string? Backend)
    {
        public TaskCompletionSource<LeaseWriteResult> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private sealed record InsertWrite(MountLease Lease) : LeaseWrite(Lease.Backend);

    private sealed record RenewWrite(string Id, string Backend, int Seconds) : LeaseWrite(Backend);

    private sealed record EndWrite(string Id, string Backend, string State, string Access) : LeaseWrite(Backend);

    private sealed record EndManyWrite(IReadOnlyList<(string Id, long RowId, string Backend)> Leases, string State, string Access) : LeaseWrite((string?)null);

    private sealed record AccessWrite(IReadOnlyList<(string Id, string Access, string? AccessRuleId)> Leases) : LeaseWrite((string?)null);
}

/// <summary>What a lease write committed: a value (the fencing token of an insert, rows ended by a sweep) and the batch's database time.</summary>
public readonly record struct LeaseWriteResult(long Value, DateTime At);
