using Dapper;
using ShareHost.Persistence;

namespace ShareHost.Features.Ownership;

/// <summary>
/// The <c>backend_leases</c> table. Every change is one compare-and-set statement judged on the database's clock,
/// so two processes on one file can never both believe they took the same backend.
/// </summary>
public sealed class BackendLeaseRepository(SqliteConnectionFactory connections)
{
    /// <summary>
    /// Takes the lease when nobody holds it, when it has expired, or when its holder is the one named dead; the token
    /// goes up by one on every change of holder. Returns the new token, or nothing when someone else holds it.
    /// </summary>
    private const string ClaimSql = $"""
        INSERT INTO backend_leases (backend, holder, token, acquired_at, renewed_at, expires_at)
        VALUES (@backend, @holder, 1, {DatabaseTime.Now}, {DatabaseTime.Now}, {DatabaseTime.NowPlusSeconds})
        ON CONFLICT (backend) DO UPDATE SET
            holder = excluded.holder, token = backend_leases.token + 1, acquired_at = excluded.acquired_at,
            renewed_at = excluded.renewed_at, expires_at = excluded.expires_at
        WHERE backend_leases.expires_at <= {DatabaseTime.Now} OR backend_leases.holder = @deadHolder
        RETURNING token, expires_at
        """;

    private const string RenewSql = $"""
        UPDATE backend_leases SET renewed_at = {DatabaseTime.Now}, expires_at = {DatabaseTime.NowPlusSeconds}
        WHERE backend = @backend AND holder = @holder AND token = @token
        RETURNING expires_at
        """;

    /// <summary>A clean stop hands the backend on at once: the lease is made to have expired a moment ago.</summary>
    private const string ReleaseSql = $"""
        UPDATE backend_leases SET expires_at = strftime('%Y-%m-%d %H:%M:%f', 'now', '-1 seconds'), renewed_at = {DatabaseTime.Now}
        WHERE backend = @backend AND holder = @holder AND token = @token
        """;

    private const string FindSql = $"""
        SELECT backend, holder, token, acquired_at, renewed_at, expires_at, {DatabaseTime.SecondsUntilExpiry} AS seconds_left
        FROM backend_leases WHERE backend = @backend
        """;

    public async Task<ClaimedLease?> ClaimAsync(string backend, string holder, double seconds, string? deadHolder, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var transaction = await SqliteConnectionFactory.BeginWriteAsync(connection, cancellationToken);
        var claimed = await connection.QuerySingleOrDefaultAsync<ClaimedLease>(new CommandDefinition(
            ClaimSql, new { backend, holder, seconds, deadHolder }, transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
        return claimed;
    }

    /// <summary>Extends this holder's lease; null when the lease is no longer this holder's (lost).</summary>
    public async Task<DateTime?> RenewAsync(string backend, string holder, long token, double seconds, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var transaction = await SqliteConnectionFactory.BeginWriteAsync(connection, cancellationToken);
        var expiresAt = await connection.QuerySingleOrDefaultAsync<DateTime?>(new CommandDefinition(
            RenewSql, new { backend, holder, token, seconds }, transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
        return expiresAt;
    }

    public async Task ReleaseAsync(string backend, string holder, long token, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(ReleaseSql, new { backend, holder, token }, cancellationToken: cancellationToken));
    }

    public async Task<BackendLeaseRow?> FindAsync(string backend, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<BackendLeaseRow>(new CommandDefinition(FindSql, new { backend }, cancellationToken: cancellationToken));
    }
}

public sealed class ClaimedLease
{
    public long Token { get; init; }

    public DateTime ExpiresAt { get; init; }
}

public sealed class BackendLeaseRow
{
    public string Backend { get; init; } = "";

    public string Holder { get; init; } = "";

    public long Token { get; init; }

    public DateTime AcquiredAt { get; init; }

    public DateTime RenewedAt { get; init; }

    public DateTime ExpiresAt { get; init; }

    /// <summary>Seconds until it expires on the database's clock (negative once expired).</summary>
    public double SecondsLeft { get; init; }
}
