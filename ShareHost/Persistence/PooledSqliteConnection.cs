using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace ShareHost.Persistence;

/// <summary>
/// A connection <see cref="SqliteConnectionFactory"/> keeps open and lends out again, with the statements it has
/// compiled. Microsoft.Data.Sqlite compiles a command's SQL on every execution and drops the compiled statement when
/// the command is disposed; profiles of the create, list and mount paths showed SQLite's parser and planner at about
/// two thirds of the time spent in SQLite. Dapper creates a command per call, so every command made through
/// <see cref="DbConnection.CreateCommand"/> here is a <see cref="CachedStatementCommand"/> that runs its SQL on a
/// command this connection keeps per SQL text: compiled once, executed many times.
/// Closing or disposing the connection gives it back to the factory (an open transaction is rolled back first).
/// </summary>
public sealed class PooledSqliteConnection : SqliteConnection
{
    /// <summary>Distinct SQL texts kept compiled per connection; the rest are compiled per execution, as before.</summary>
    public const int MaxStatements = 256;

    private readonly Dictionary<string, ReusableCommand> _statements = new(StringComparer.Ordinal);
    private readonly Action<PooledSqliteConnection> _giveBack;
    private readonly Func<TableWatch[]> _watches;
    private readonly List<TableWatch> _touched = [];

    internal PooledSqliteConnection(string connectionString, Action<PooledSqliteConnection> giveBack, Func<TableWatch[]> watches)
        : base(connectionString)
    {
        _giveBack = giveBack;
        _watches = watches;
    }

    /// <summary>
    /// While true, this connection's row changes do not move any <see cref="TableWatch"/>: for a write that changes no
    /// column a cache keeps (the lease writer's fencing counters on the shares rows).
    /// </summary>
    public bool WritesUnwatched { get; set; }

    /// <summary>True while a caller holds the connection.</summary>
    internal bool Lent { get; set; }

    /// <summary>How many SQL texts this connection holds compiled.</summary>
    public int CompiledStatements => _statements.Count;

    /// <summary>Gives the connection back to its factory; the native connection stays open.</summary>
    public override void Close()
    {
        if (!Lent)
        {
            return;
        }

        Lent = false;
        Transaction?.Dispose();
        // The transaction is over: caches that read while it was open read the rows from before it.
        foreach (var watch in _touched)
        {
            watch.Changed();
        }

        _touched.Clear();
        _giveBack(this);
    }

    /// <summary>Called by the factory once the native connection is open: row changes from now on move the watches.</summary>
    internal void WatchRowChanges() => SQLitePCL.raw.sqlite3_update_hook(Handle, OnRowChange, this);

    private static readonly SQLitePCL.delegate_update OnRowChange = (state, _, _, table, _) => ((PooledSqliteConnection)state).RowChanged(TableWatch.Name(table));

    private void RowChanged(ReadOnlySpan<byte> table)
    {
        if (WritesUnwatched)
        {
            return;
        }

        foreach (var watch in _watches())
        {
            if (watch.Covers(table))
            {
                watch.Changed();
                if (!_touched.Contains(watch))
                {
                    _touched.Add(watch);
                }
            }
        }
    }

    /// <summary>Really closes the native connection and finalizes its statements.</summary>
    internal void Destroy()
    {
        foreach (var command in _statements.Values)
        {
            command.Dispose();
        }

        _statements.Clear();
        base.Close();
    }

    protected override DbCommand CreateDbCommand() => new CachedStatementCommand(this);

    /// <summary>
    /// A command compiled for <paramref name="sql"/> and free to run; a new one, not kept, when that text's command
    /// is still being read (a query run while another reader of the same SQL is open) or the cache is full.
    /// </summary>
    internal ReusableCommand StatementFor(string sql, out bool kept)
    {
        if (_statements.TryGetValue(sql, out var command) && !command.Reading)
        {
            kept = true;
            return command;
        }

        command = new ReusableCommand { Connection = this, CommandText = sql, CommandTimeout = DefaultTimeout };
        kept = !_statements.ContainsKey(sql) && _statements.Count < MaxStatements;
        if (kept)
        {
            _statements[sql] = command;
        }

        return command;
    }

    /// <summary>A command that says whether a reader of its statements is still open.</summary>
    internal sealed class ReusableCommand : SqliteCommand
    {
        public bool Reading => DataReader is not null;
    }
}
