using System.Collections.Concurrent;
using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;

namespace ShareHost.Persistence;

/// <summary>
/// The only place connections come from: one SQLite file in WAL mode. Connections are this factory's own pool of
/// <see cref="PooledSqliteConnection"/>s, kept open with their compiled statements (Microsoft.Data.Sqlite's pool would
/// keep the native connection but drop the statements at every close).
/// </summary>
public sealed class SqliteConnectionFactory : IDisposable
{
    /// <summary>Idle connections kept open; one given back beyond this is closed.</summary>
    public const int MaxIdle = 32;

    private readonly string _connectionString;
    private readonly Lock _lock = new();
    private readonly Stack<PooledSqliteConnection> _idle = new();
    private bool _disposed;
    private TableWatch[] _watches = [];

    private readonly string _connectionPragmas;

    /// <param name="databasePath">The SQLite file (created with its folder when missing).</param>
    /// <param name="backgroundCheckpoints">
    /// True when a <see cref="WalCheckpointer"/> runs: connections then never checkpoint the WAL themselves. By
    /// default SQLite checkpoints inside the commit that grows the WAL past 1,000 pages, on the writer's connection and
    /// while this process's write gate is held, so every queued writer waits for the checkpoint's two fsyncs.
    /// </param>
    public SqliteConnectionFactory(string databasePath, bool backgroundCheckpoints = false)
    {
        // foreign_keys enforces the schema's references; synchronous = NORMAL is durable across process crashes in
        // WAL mode (only an OS crash can lose the last commits) and several times faster than FULL; the page cache
        // is per connection, so it is kept small (1 MiB) and the OS page cache does the rest.
        _connectionPragmas = "PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL; PRAGMA cache_size = -1024;"
            + (backgroundCheckpoints ? " PRAGMA wal_autocheckpoint = 0;" : "");
        DatabasePath = Path.GetFullPath(databasePath);
        Directory.CreateDirectory(Path.GetDirectoryName(DatabasePath)!);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = DatabasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = false,
            DefaultTimeout = 30,
        }.ToString();
    }

    public string DatabasePath { get; }

    public async Task<PooledSqliteConnection> OpenAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_idle.TryPop(out var idle))
            {
                idle.Lent = true;
                return idle;
            }
        }

        return await OpenNewAsync(GiveBack, _connectionPragmas, cancellationToken);
    }

    /// <summary>
    /// A connection of the caller's own for as long as it runs, never lent to anyone else, with a page cache of
    /// <paramref name="cacheKiB"/>: for a loop that writes all the time (<see cref="Features.Mounts.Leases.LeaseWriter"/>).
    /// A pooled connection's small cache cannot hold the pages such a loop keeps coming back to (the last leaf of every
    /// share's and every rule's entries in the lease indexes), so each batch read them again through the file; SQLite
    /// keeps a connection's cache across transactions as long as no other connection has written in between.
    /// Disposing it closes it for good. Between writes, <see cref="EndWrite"/> opens the write gate for others.
    /// </summary>
    public async Task<PooledSqliteConnection> OpenDedicatedAsync(int cacheKiB, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(cacheKiB);
        return await OpenNewAsync(static own =>
        {
            Release(own);
            own.Destroy();
        }, $"{_connectionPragmas} PRAGMA cache_size = -{cacheKiB};", cancellationToken);
    }

    /// <param name="close">What closing the connection does: give it back to the pool, or close it for good.</param>
    private async Task<PooledSqliteConnection> OpenNewAsync(Action<PooledSqliteConnection> close, string pragmas, CancellationToken cancellationToken)
    {
        var connection = new PooledSqliteConnection(_connectionString, close, () => Volatile.Read(ref _watches));
        await connection.OpenAsync(cancellationToken);
        connection.WatchRowChanges();
        // Per-connection settings, applied once: the connection stays open for its whole life.
        using (var pragma = connection.CreateCommand())
        {
            pragma.CommandText = pragmas;
            await pragma.ExecuteNonQueryAsync(cancellationToken);
        }

        connection.Lent = true;
        return connection;
    }

    /// <summary>
    /// A version for <paramref name="tables"/> that moves with every row this process writes in them (see
    /// <see cref="TableWatch"/>), on connections opened before or after this call.
    /// </summary>
    public TableWatch Watch(params string[] tables)
    {
        var watch = new TableWatch(tables);
        lock (_lock)
        {
            _watches = [.. _watches, watch];
        }

        return watch;
    }

    /// <summary>Closes every idle connection; connections still lent are closed when given back.</summary>
    public void Dispose()
    {
        List<PooledSqliteConnection> idle;
        lock (_lock)
        {
            _disposed = true;
            idle = [.. _idle];
            _idle.Clear();
        }

        foreach (var connection in idle)
        {
            connection.Destroy();
        }
    }

    private void GiveBack(PooledSqliteConnection connection)
    {
        Release(connection);
        lock (_lock)
        {
            if (!_disposed && _idle.Count < MaxIdle)
            {
                _idle.Push(connection);
                return;
            }
        }

        connection.Destroy();
    }

    /// <summary>
    /// Begins a write transaction. SQLite has one writer; writers of this process queue on an async gate (held until
    /// the connection is given back) instead of colliding inside SQLite, where a busy database is retried with sleeps.
    /// BEGIN IMMEDIATE takes SQLite's write lock up front, so a transaction never fails upgrading from read to write,
    /// and still waits correctly for another process on the same file.
    /// </summary>
    public static async Task<DbTransaction> BeginWriteAsync(PooledSqliteConnection connection, CancellationToken cancellationToken = default)
    {
        if (!GateHolders.TryGetValue(connection, out _))
        {
            var gate = WriteGates.GetOrAdd(connection.DataSource, _ => new SemaphoreSlim(1, 1));
            await gate.WaitAsync(cancellationToken);
            GateHolders.Add(connection, gate);
        }

        try
        {
            return connection.BeginTransaction(deferred: false);
        }
        catch
        {
            Release(connection);
            throw;
        }
    }

    /// <summary>
    /// Ends the write <see cref="BeginWriteAsync"/> began on a connection its caller keeps (see
    /// <see cref="OpenDedicatedAsync"/>), once its transaction is committed or rolled back: the next writer may go.
    /// A pooled connection does this when it is given back.
    /// </summary>
    public static void EndWrite(PooledSqliteConnection connection) => Release(connection);

    private static readonly ConcurrentDictionary<string, SemaphoreSlim> WriteGates = new(StringComparer.Ordinal);
    private static readonly ConditionalWeakTable<PooledSqliteConnection, SemaphoreSlim> GateHolders = [];

    private static void Release(PooledSqliteConnection connection)
    {
        if (GateHolders.TryGetValue(connection, out var gate))
        {
            GateHolders.Remove(connection);
            gate.Release();
        }
    }
}
