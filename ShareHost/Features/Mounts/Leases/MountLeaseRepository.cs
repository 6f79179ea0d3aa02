using System.Data.Common;
using System.Globalization;
using Dapper;
using ShareHost.Features.Ownership;
using ShareHost.Persistence;

namespace ShareHost.Features.Mounts.Leases;

/// <summary>
/// The <c>mount_leases</c> table and the shares' fencing counters. The writes take the batch's database time as
/// <c>@Now</c>, so one group commit stamps every row it writes alike; every end and renewal is compare-and-set on
/// <c>state = 'active'</c>.
/// </summary>
public sealed class MountLeaseRepository(SqliteConnectionFactory connections)
{
    public const string Columns = """
        id, share_id, snapshot_id, share_instance_id, backend, project_id, user_id, client, access_level, exclusive, address,
        address_source, protocol, export_path, mount_options, fencing_token, state, access, access_rule_id, lease_seconds, renewals,
        granted_at, renewed_at, ended_at
        """;

    /// <summary>A batch's database time, and the backends the holder holds (one statement: each batch parses few).</summary>
    private const string BatchContextSql = $"""
        SELECT {DatabaseTime.Now} AS now,
               (SELECT json_group_array(backend) FROM backend_leases WHERE holder = @holder) AS held
        """;

    /// <summary>
    /// Takes <c>?2</c> fencing tokens of share <c>?1</c>: its last token taken comes back, with the share's status and
    /// primary instance as they are inside the lease writer's transaction (no row when the share no longer exists).
    /// Bound by index on a statement kept with the connection: a batch runs it once per share it mounts.
    /// </summary>
    private const string AdvanceFencingSql = $"""
        UPDATE shares SET fencing_token = shares.fencing_token + ?2 WHERE shares.id = ?1
        RETURNING shares.fencing_token,
            (SELECT {Shares.ShareRepository.StatusColumn} FROM shares s JOIN share_instances i ON i.share_id = s.id AND i.is_primary = 1 WHERE s.id = shares.id),
            (SELECT i.id FROM share_instances i WHERE i.share_id = shares.id AND i.is_primary = 1)
        """;

    /// <summary>One lease row; bound by position (see <see cref="Insert"/>).</summary>
    private const string InsertSql = """
        INSERT INTO mount_leases (id, share_id, snapshot_id, share_instance_id, backend, project_id, user_id, client, access_level,
                                  exclusive, address, address_source, protocol, export_path, mount_options, fencing_token,
                                  state, access, access_rule_id, lease_seconds, granted_at, expires_at)
        VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9,
                ?10, ?11, ?12, ?13, ?14, ?15, ?16,
                'active', ?17, ?18, ?19, ?20, ?21)
        """;

    private const string RenewSql = """
        UPDATE mount_leases
        SET lease_seconds = @Seconds, renewals = renewals + 1, renewed_at = @Now,
            expires_at = strftime('%Y-%m-%d %H:%M:%f', @Now, printf('%+.3f seconds', @Seconds))
        WHERE id = @Id AND state = 'active'
        """;

    private const string EndSql = "UPDATE mount_leases SET state = @State, access = @Access, ended_at = @Now WHERE id = @Id AND state = 'active'";

    /// <summary>
    /// Ends one of many leases (the expiry sweep), found by the rowid its insert was given: leases expire in about the
    /// order they were granted, so a sweep walks the table's pages in order instead of the random order of the ids'
    /// index. The id is checked on the row found, so a rowid that no longer names the lease changes nothing.
    /// </summary>
    private const string EndByRowSql = """
        UPDATE mount_leases SET state = ?3, access = ?4, ended_at = ?5
        WHERE rowid = ?1 AND id = ?2 AND state = 'active'
        """;

    /// <summary>As <see cref="EndByRowSql"/>, for a lease whose rowid this process does not know (0).</summary>
    private const string EndByIdSql = """
        UPDATE mount_leases SET state = ?3, access = ?4, ended_at = ?5
        WHERE id = ?2 AND state = 'active'
        """;

    private const string SetAccessSql = "UPDATE mount_leases SET access = @Access, access_rule_id = @AccessRuleId WHERE id = @Id";

    private const string FindSql = $"SELECT {Columns}, {DatabaseTime.SecondsUntilExpiry} AS seconds_left FROM mount_leases WHERE id = @id";

    private const string ActiveOnBackendSql = $"""
        SELECT rowid AS row_id, {Columns}, {DatabaseTime.SecondsUntilExpiry} AS seconds_left
        FROM mount_leases WHERE backend = @backend AND state = 'active'
        """;

    /// <summary>With <c>@snapshotId</c> null: every live lease on the share (share and snapshot mounts).</summary>
    private const string LiveOnSql = $"""
        SELECT id FROM mount_leases
        WHERE share_id = @shareId AND (@snapshotId IS NULL OR snapshot_id = @snapshotId) AND state = 'active' AND {DatabaseTime.SecondsUntilExpiry} > 0
        ORDER BY granted_at, id
        """;

    /// <summary>
    /// The batch's database time (as SQLite text, and parsed) and the backends <paramref name="holder"/> holds right
    /// now: read inside the write transaction, it fences every write of the batch.
    /// </summary>
    public static async Task<(string Now, DateTime At, HashSet<string> Held)> BatchContextAsync(DbConnection connection, DbTransaction transaction, string holder)
    {
        var (now, held) = await connection.QuerySingleAsync<(string Now, string Held)>(new CommandDefinition(BatchContextSql, new { holder }, transaction));
        var at = DateTime.SpecifyKind(DateTime.ParseExact(now, DatabaseTime.TextFormat, CultureInfo.InvariantCulture), DateTimeKind.Utc);
        return (now, at, System.Text.Json.JsonSerializer.Deserialize<HashSet<string>>(held) ?? []);
    }

    /// <summary>Takes <paramref name="count"/> fencing tokens of the share inside the caller's transaction; null when the share is gone.</summary>
    /// <param name="expectedInstance">The instance the batch's leases were mounted from: when the share is still
    /// available on it (every batch but a racing move), the answer reuses these strings instead of reading new ones.</param>
    public static FencedShare? AdvanceFencing(PooledSqliteConnection connection, string shareId, int count, string expectedInstance)
    {
        var statement = connection.RawStatement(AdvanceFencingSql);
        Text(statement, 1, shareId);
        SQLitePCL.raw.sqlite3_bind_int(statement, 2, count);
        var rc = SQLitePCL.raw.sqlite3_step(statement);
        FencedShare? fenced = null;
        if (rc == SQLitePCL.raw.SQLITE_ROW)
        {
            fenced = new FencedShare(SQLitePCL.raw.sqlite3_column_int64(statement, 0),
                ColumnText(statement, 1, Shares.ShareStatus.Available), ColumnText(statement, 2, expectedInstance));
            rc = SQLitePCL.raw.sqlite3_step(statement);
        }

        Finish(connection, statement, rc);
        return fenced;
    }

    /// <summary>
    /// Writes a batch's new leases, each with its fencing token, stamped with the batch's database time, inside the
    /// caller's transaction. The one write here below Dapper: a statement compiled once per connection and bound by
    /// index. Through Dapper every row cost 22 parameter objects, 22 binder objects and their boxes (~2.5 KB, a tenth
    /// of what a mount allocated), and the collections of that garbage were the mount benchmark's latency tail.
    /// </summary>
    /// <param name="now">The batch's database time, as SQLite's text and parsed: each row expires that plus its lease.</param>
    public static void Insert(PooledSqliteConnection connection, IReadOnlyList<(MountLease Lease, long FencingToken)> rows, string now, DateTime at)
    {
        var statement = connection.RawStatement(InsertSql);
        Span<char> expires = stackalloc char[32];
        foreach (var (lease, token) in rows)
        {
            Text(statement, 1, lease.Id);
            Text(statement, 2, lease.ShareId);
            Text(statement, 3, lease.SnapshotId);
            Text(statement, 4, lease.ShareInstanceId);
            Text(statement, 5, lease.Backend);
            Text(statement, 6, lease.ProjectId);
            Text(statement, 7, lease.UserId);
            Text(statement, 8, lease.Client);
            Text(statement, 9, lease.AccessLevel);
            SQLitePCL.raw.sqlite3_bind_int(statement, 10, lease.Exclusive ? 1 : 0);
            Text(statement, 11, lease.Address);
            Text(statement, 12, lease.AddressSource);
            Text(statement, 13, lease.Protocol);
            Text(statement, 14, lease.ExportPath);
            Text(statement, 15, lease.MountOptions);
            SQLitePCL.raw.sqlite3_bind_int64(statement, 16, token);
            Text(statement, 17, lease.Access);
            Text(statement, 18, lease.AccessRuleId);
            SQLitePCL.raw.sqlite3_bind_int(statement, 19, lease.LeaseSeconds);
            Text(statement, 20, now);
            // What strftime('%Y-%m-%d %H:%M:%f', now, '+N seconds') gives, without formatting and parsing in SQL per row.
            at.AddSeconds(lease.LeaseSeconds).TryFormat(expires, out var length, DatabaseTime.TextFormat, CultureInfo.InvariantCulture);
            SQLitePCL.raw.sqlite3_bind_text16(statement, 21, expires[..length]);
            Finish(connection, statement, SQLitePCL.raw.sqlite3_step(statement));
            lease.RowId = SQLitePCL.raw.sqlite3_last_insert_rowid(connection.Handle);
        }
    }

    /// <summary>The column's text: <paramref name="expected"/> itself when equal (ASCII), so the common answer allocates nothing.</summary>
    private static string? ColumnText(SQLitePCL.sqlite3_stmt statement, int index, string expected)
    {
        if (SQLitePCL.raw.sqlite3_column_type(statement, index) == SQLitePCL.raw.SQLITE_NULL)
        {
            return null;
        }

        // A text value's blob is its UTF-8 bytes, without a copy.
        var bytes = SQLitePCL.raw.sqlite3_column_blob(statement, index);
        return bytes.Length == expected.Length && System.Text.Ascii.Equals(bytes, expected)
            ? expected
            : System.Text.Encoding.UTF8.GetString(bytes);
    }

    /// <summary>Resets a native statement after its last step, and raises SQLite's error when that step did not complete it.</summary>
    private static void Finish(PooledSqliteConnection connection, SQLitePCL.sqlite3_stmt statement, int rc)
    {
        SQLitePCL.raw.sqlite3_reset(statement);
        if (rc != SQLitePCL.raw.SQLITE_DONE)
        {
            Microsoft.Data.Sqlite.SqliteException.ThrowExceptionForRC(rc, connection.Handle);
        }
    }

    private static void Text(SQLitePCL.sqlite3_stmt statement, int index, string? value)
    {
        if (value is null)
        {
            SQLitePCL.raw.sqlite3_bind_null(statement, index);
        }
        else
        {
            SQLitePCL.raw.sqlite3_bind_text16(statement, index, value.AsSpan());
        }
    }

    public static Task RenewAsync(DbConnection connection, DbTransaction transaction, IEnumerable<object> rows) =>
        connection.ExecuteAsync(new CommandDefinition(RenewSql, rows, transaction));

    public static Task EndAsync(DbConnection connection, DbTransaction transaction, IEnumerable<object> rows) =>
        connection.ExecuteAsync(new CommandDefinition(EndSql, rows, transaction));

    /// <summary>Ends these leases (those still active) inside the caller's transaction; returns how many rows changed.</summary>
    public static int EndMany(PooledSqliteConnection connection, IReadOnlyList<(long RowId, string Id)> leases, string state, string access, string now)
    {
        var changed = 0;
        foreach (var (rowId, id) in leases)
        {
            var statement = connection.RawStatement(rowId != 0 ? EndByRowSql : EndByIdSql);
            SQLitePCL.raw.sqlite3_bind_int64(statement, 1, rowId);
            Text(statement, 2, id);
            Text(statement, 3, state);
            Text(statement, 4, access);
            Text(statement, 5, now);
            Finish(connection, statement, SQLitePCL.raw.sqlite3_step(statement));
            changed += SQLitePCL.raw.sqlite3_changes(connection.Handle);
        }

        return changed;
    }

    public static Task SetAccessAsync(DbConnection connection, DbTransaction transaction, IEnumerable<object> rows) =>
        connection.ExecuteAsync(new CommandDefinition(SetAccessSql, rows, transaction));

    public async Task<MountLease?> FindAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<MountLease>(new CommandDefinition(FindSql, new { id }, cancellationToken: cancellationToken));
    }

    /// <summary>
    /// The ids of a share's (or with <paramref name="snapshotId"/>, one of its snapshots') active leases whose time is
    /// not up on the database's clock (as recorded by whichever process holds them).
    /// </summary>
    public async Task<IReadOnlyList<string>> LiveOnAsync(string shareId, string? snapshotId, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<string>(new CommandDefinition(LiveOnSql, new { shareId, snapshotId }, cancellationToken: cancellationToken))).ToList();
    }

    /// <summary>A backend's active leases with the seconds each has left on the database's clock.</summary>
    public async Task<IReadOnlyList<MountLease>> ActiveOnBackendAsync(string backend, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<MountLease>(new CommandDefinition(ActiveOnBackendSql, new { backend }, cancellationToken: cancellationToken))).ToList();
    }

    public async Task<(IReadOnlyList<MountLease> Page, int? Count)> ListAsync(MountQuery query, CancellationToken cancellationToken)
    {
        var where = new List<string> { "1 = 1" };
        var parameters = new DynamicParameters();
        foreach (var (column, value) in query.Filters)
        {
            where.Add($"{column} = @{column}");
            parameters.Add(column, value);
        }

        var condition = string.Join(" AND ", where);
        var direction = query.Paging.Descending ? "DESC" : "ASC";
        parameters.Add("Limit", query.Paging.EffectiveLimit);
        parameters.Add("Offset", query.Paging.Offset);
        await using var connection = await connections.OpenAsync(cancellationToken);
        var page = (await connection.QueryAsync<MountLease>(new CommandDefinition(
            $"SELECT {Columns}, {DatabaseTime.SecondsUntilExpiry} AS seconds_left FROM mount_leases WHERE {condition} " +
            $"ORDER BY {query.Paging.SortKey} {direction}, id {direction} LIMIT @Limit OFFSET @Offset",
            parameters, cancellationToken: cancellationToken))).ToList();
        int? count = query.Paging.WithCount
            ? await connection.ExecuteScalarAsync<int>(new CommandDefinition($"SELECT COUNT(*) FROM mount_leases WHERE {condition}", parameters, cancellationToken: cancellationToken))
            : null;
        return (page, count);
    }
}

/// <summary>A share as the lease writer's transaction sees it: the last fencing token taken, its status and primary instance.</summary>
public readonly record struct FencedShare(long Token, string? Status, string? InstanceId);

/// <summary>A mount listing: exact filters on fixed column names (never taken from the request) and Manila's paging.</summary>
public sealed record MountQuery(IReadOnlyList<(string Column, string Value)> Filters, Api.Paging Paging);
