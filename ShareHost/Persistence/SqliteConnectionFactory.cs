using System.Collections.Concurrent;
using System.Data;
using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;

namespace ShareHost.Persistence;

/// <summary>The only place connections come from: one SQLite file in WAL mode, pooled.</summary>
public sealed class SqliteConnectionFactory
{
    private readonly string _connectionString;

    public SqliteConnectionFactory(string databasePath)
    {
        DatabasePath = Path.GetFullPath(databasePath);
        Directory.CreateDirectory(Path.GetDirectoryName(DatabasePath)!);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = DatabasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
    }

    public string DatabasePath { get; }

    public async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken = default)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        // Per-connection settings, applied once per native connection: the pool hands the same handle out again.
        // foreign_keys enforces the schema's references; synchronous = NORMAL is durable across process crashes in
        // WAL mode (only an OS crash can lose the last commits) and several times faster than FULL; the page cache
        // is per pooled connection, so it is kept small (1 MiB) and the OS page cache does the rest.
        if (!Initialised.TryGetValue(connection.Handle!, out _))
        {
            using var pragma = connection.CreateCommand();
            pragma.CommandText = "PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL; PRAGMA cache_size = -1024;";
            await pragma.ExecuteNonQueryAsync(cancellationToken);
            Initialised.AddOrUpdate(connection.Handle!, Marker);
        }

        return connection;
    }

    /// <summary>
    /// Begins a write transaction. SQLite has one writer; writers of this process queue on an async gate (held until
    /// the connection closes) instead of colliding inside SQLite, where a busy database is retried with sleeps.
    /// BEGIN IMMEDIATE takes SQLite's write lock up front, so a transaction never fails upgrading from read to write,
    /// and still waits correctly for another process on the same file.
    /// </summary>
    public static async Task<DbTransaction> BeginWriteAsync(SqliteConnection connection, CancellationToken cancellationToken = default)
    {
        if (!GateHolders.TryGetValue(connection, out _))
        {
            var gate = WriteGates.GetOrAdd(connection.DataSource, _ => new SemaphoreSlim(1, 1));
            await gate.WaitAsync(cancellationToken);
            GateHolders.Add(connection, gate);
            connection.StateChange += ReleaseOnClose;
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

    private static readonly ConditionalWeakTable<SQLitePCL.sqlite3, object> Initialised = [];
    private static readonly object Marker = new();

    private static readonly ConcurrentDictionary<string, SemaphoreSlim> WriteGates = new(StringComparer.Ordinal);
    private static readonly ConditionalWeakTable<SqliteConnection, SemaphoreSlim> GateHolders = [];

    private static void ReleaseOnClose(object? sender, StateChangeEventArgs e)
    {
        if (e.CurrentState == ConnectionState.Closed && sender is SqliteConnection connection)
        {
            Release(connection);
        }
    }

    private static void Release(SqliteConnection connection)
    {
        connection.StateChange -= ReleaseOnClose;
        if (GateHolders.TryGetValue(connection, out var gate))
        {
            GateHolders.Remove(connection);
            gate.Release();
        }
    }
}
