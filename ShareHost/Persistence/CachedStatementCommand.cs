using System.Data;
using System.Data.Common;
using System.Diagnostics.CodeAnalysis;
using Microsoft.Data.Sqlite;

namespace ShareHost.Persistence;

/// <summary>
/// The command a <see cref="PooledSqliteConnection"/> hands to Dapper: it collects the SQL, parameters and transaction
/// like any command, and executes them on the connection's compiled statement for that SQL.
/// </summary>
internal sealed class CachedStatementCommand(PooledSqliteConnection connection) : DbCommand
{
    private readonly ParameterList _parameters = new();
    private PooledSqliteConnection.ReusableCommand? _owned;

    [AllowNull]
    public override string CommandText { get; set; } = "";

    public override int CommandTimeout { get; set; } = connection.DefaultTimeout;

    public override CommandType CommandType
    {
        get => CommandType.Text;
        set
        {
            if (value != CommandType.Text)
            {
                throw new ArgumentException("SQLite runs text commands only.", nameof(value));
            }
        }
    }

    public override bool DesignTimeVisible { get; set; }

    public override UpdateRowSource UpdatedRowSource { get; set; }

    protected override DbConnection? DbConnection
    {
        get => connection;
        set
        {
            if (value != connection)
            {
                throw new NotSupportedException("A pooled connection's command stays with its connection.");
            }
        }
    }

    protected override DbParameterCollection DbParameterCollection => _parameters;

    protected override DbTransaction? DbTransaction { get; set; }

    public override void Cancel()
    {
    }

    public override void Prepare()
    {
    }

    protected override DbParameter CreateDbParameter() => new SqliteParameter();

    public override int ExecuteNonQuery() => Ready().ExecuteNonQuery();

    public override object? ExecuteScalar() => Ready().ExecuteScalar();

    protected override DbDataReader ExecuteDbDataReader(CommandBehavior behavior) => Ready().ExecuteReader(behavior);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _owned?.Dispose();
            _owned = null;
        }

        base.Dispose(disposing);
    }

    /// <summary>The compiled command for this SQL, carrying this command's parameters, transaction and timeout.</summary>
    private PooledSqliteConnection.ReusableCommand Ready()
    {
        var command = connection.StatementFor(CommandText, out var kept);
        if (!kept)
        {
            _owned?.Dispose();
            _owned = command;
        }

        command.Transaction = (SqliteTransaction?)DbTransaction;
        command.CommandTimeout = CommandTimeout;
        command.Parameters.Clear();
        foreach (SqliteParameter parameter in _parameters)
        {
            parameter.ParameterName = command.BindName(parameter.ParameterName);
            command.Parameters.Add(parameter);
        }

        return command;
    }

    /// <summary>SqliteParameterCollection's constructor is for subclasses only.</summary>
    private sealed class ParameterList : SqliteParameterCollection;
}
