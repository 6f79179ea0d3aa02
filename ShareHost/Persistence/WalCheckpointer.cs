using Dapper;

namespace ShareHost.Persistence;

/// <summary>
/// Checkpoints the WAL into the database file off the write path, twice a second. SQLite's own checkpoint runs
/// inside the commit that grows the WAL past 1,000 pages, on the writer's connection: the group-committed lease and
/// rule writers, and every request queued behind them, waited for its writes and two fsyncs. A PASSIVE checkpoint
/// here copies what no reader still needs while writers go on; the WAL starts over once all of it is copied.
/// </summary>
public sealed class WalCheckpointer(SqliteConnectionFactory connections, ILogger<WalCheckpointer> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(500);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            try
            {
                await CheckpointAsync(connections, stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(e, "Checkpointing the SQLite WAL of {Database} failed; the next tick tries again", connections.DatabasePath);
            }
        }
    }

    /// <summary>One PASSIVE checkpoint; returns the WAL's size in pages and how many of them are now in the database file.</summary>
    public static async Task<(long WalPages, long Checkpointed)> CheckpointAsync(SqliteConnectionFactory connections, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var (_, walPages, checkpointed) = await connection.QuerySingleAsync<(long Busy, long WalPages, long Checkpointed)>(
            new CommandDefinition("PRAGMA wal_checkpoint(PASSIVE)", cancellationToken: cancellationToken));
        return (walPages, checkpointed);
    }
}
