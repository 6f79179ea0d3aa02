using System.Collections.Concurrent;
using System.Diagnostics;
using ShareHost.Persistence;

namespace ShareHost.Features.Shares;

/// <summary>
/// Share rows with their primary instance and export locations, for the mount action's hot path: thousands of mounts a
/// second read the same few shares, and each read was two queries on a page cache that SQLite empties whenever anything
/// commits. A row is served while no row of <c>shares</c>, <c>share_instances</c>, <c>export_locations</c> or
/// <c>share_types</c> has changed through this process since it was read (<see cref="TableWatch"/>), and for at most
/// <see cref="MaxAge"/>, the bound for writes by another ShareHost process on the same file.
/// What a mount's safety depends on (the share available, on the same instance) is checked again where its lease is
/// written. Rows are shared between callers: never change one.
/// </summary>
public sealed class ShareRowCache(SqliteConnectionFactory connections)
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(1);

    /// <summary>Beyond this many rows the cache starts over: a bound on memory, far above a lab's working set.</summary>
    private const int MaxRows = 10_000;

    private readonly TableWatch _changes = connections.Watch("shares", "share_instances", "export_locations", "share_types");
    private readonly ConcurrentDictionary<string, Entry> _rows = new(StringComparer.Ordinal);

    private long _reads;

    /// <summary>How many times a caller's row was read from the database (for tests and diagnostics).</summary>
    internal long Reads => Interlocked.Read(ref _reads);

    /// <summary>The share's row with its export locations, or null when it does not exist.</summary>
    public ValueTask<ShareRecord?> FindAsync(string id, CancellationToken cancellationToken)
    {
        // Read before the row: a write that lands after this makes the stored row stale, and the version says so.
        var version = _changes.Version;
        if (_rows.TryGetValue(id, out var cached) && cached.Version == version && Stopwatch.GetElapsedTime(cached.At) < MaxAge)
        {
            // The hit allocates nothing, not even a task: the mount path asks twice per mount.
            return new ValueTask<ShareRecord?>(cached.Row);
        }

        return new ValueTask<ShareRecord?>(ReadAsync(id, version, cancellationToken));
    }

    private async Task<ShareRecord?> ReadAsync(string id, long version, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _reads);
        await using var connection = await connections.OpenAsync(cancellationToken);
        var row = await ShareRepository.FindRowAsync(connection, null, id, cancellationToken);
        if (row is null)
        {
            _rows.TryRemove(id, out _);
            return null;
        }

        await ShareRepository.LoadExportLocationsAsync(connection, [row], cancellationToken);
        if (_changes.Version == version)
        {
            if (_rows.Count >= MaxRows)
            {
                _rows.Clear();
            }

            _rows[id] = new Entry(row, version, Stopwatch.GetTimestamp());
        }

        return row;
    }

    private sealed record Entry(ShareRecord Row, long Version, long At);
}
