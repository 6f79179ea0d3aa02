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
    private readonly Dictionary<string, SQLitePCL.sqlite3_stmt> _rawStatements = new(StringComparer.Ordinal);

    internal PooledSqliteConnection(string connectionString, Action<PooledSqliteConnection> giveBack, Func<TableWatch[]> watches)
        : base(connectionString)
    {
        _giveBack = giveBack;
        _watches = watches;
    }

    /// <summary>
    /// While true, this connection's row changes do not move any <see cref="TableWatch"/>, and SQLite's update hook is
    /// off (no call into managed code per row): for writes that change no row a cache keeps, such as the lease
    /// writer's (lease rows, and the fencing counters on the shares rows). Back to false when the connection is given back.
    /// </summary>
    public bool WritesUnwatched
    {
        get => _unwatched;
        set
        {
            if (value != _unwatched)
            {
                _unwatched = value;
                SQLitePCL.raw.sqlite3_update_hook(Handle, value ? null : OnRowChange, value ? null : this);
            }
        }
    }

    private bool _unwatched;

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
        WritesUnwatched = false;
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
        foreach (var statement in _rawStatements.Values)
        {
            statement.Dispose();
        }

        _rawStatements.Clear();
        base.Close();
    }

    protected override DbCommand CreateDbCommand() => new CachedStatementCommand(this);

    /// <summary>
    /// A native statement for <paramref name="sql"/>, compiled once and kept with the connection (reset before use),
    /// for the one write too hot for ADO.NET's per-parameter objects: the lease writer's insert, bound by index.
    /// </summary>
    internal SQLitePCL.sqlite3_stmt RawStatement(string sql)
    {
        if (!_rawStatements.TryGetValue(sql, out var statement))
        {
            var rc = SQLitePCL.raw.sqlite3_prepare_v2(Handle, sql, out statement);
            SqliteException.ThrowExceptionForRC(rc, Handle);
            _rawStatements[sql] = statement;
        }

        SQLitePCL.raw.sqlite3_reset(statement);
        return statement;
    }

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
        private readonly Dictionary<string, string> _bindNames = new(StringComparer.Ordinal);

        public bool Reading => DataReader is not null;

        /// <summary>
        /// The name to bind a parameter by: <c>@Name</c> when the SQL says <c>@Name</c>. Dapper names parameters
        /// without a prefix, and Microsoft.Data.Sqlite then looks each one up four times (as given, then under all three
        /// prefixes, to refuse ambiguity) at every execution: with 22 parameters per lease row that lookup was ~3 % of a
        /// mount's CPU. Worked out once per name and statement.
        /// </summary>
        public string BindName(string name)
        {
            if (name.Length == 0 || name[0] is '@' or '$' or ':')
            {
                return name;
            }

            if (!_bindNames.TryGetValue(name, out var bound))
            {
                bound = _bindNames[name] = Names(CommandText, "@" + name) ? "@" + name : name;
            }

            return bound;
        }

        /// <summary>True when <paramref name="sql"/> has <paramref name="parameter"/> as a whole name (not the start of a longer one).</summary>
        private static bool Names(string sql, string parameter)
        {
            for (var at = sql.IndexOf(parameter, StringComparison.Ordinal); at >= 0; at = sql.IndexOf(parameter, at + 1, StringComparison.Ordinal))
            {
                var end = at + parameter.Length;
                if (end == sql.Length || !(char.IsLetterOrDigit(sql[end]) || sql[end] == '_'))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
