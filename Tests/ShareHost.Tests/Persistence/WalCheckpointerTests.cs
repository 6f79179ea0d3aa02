using Dapper;
using Microsoft.Data.Sqlite;
using ShareHost.Persistence;
using ShareHost.Tests.Infrastructure;

namespace ShareHost.Tests.Persistence;

public sealed class WalCheckpointerTests
{
    private string _directory = null!;

    [SetUp]
    public void SetUp() => _directory = TestHost.NewDirectory();

    [TearDown]
    public void TearDown()
    {
        SqliteConnection.ClearAllPools();
        TestHost.DeleteDirectory(_directory);
    }

    [Test]
    public async Task Commit_BackgroundCheckpoints_LeavesTheWalToTheCheckpointer()
    {
        using var factory = new SqliteConnectionFactory(Path.Combine(_directory, "t.db"), backgroundCheckpoints: true);
        await CreateTableAsync(factory);

        await WriteAsync(factory, rows: 3000);
        var (walPages, checkpointed) = await WalCheckpointer.CheckpointAsync(factory, CancellationToken.None);

        // With SQLite's own checkpoints a commit past 1,000 pages would have copied the WAL already.
        Assert.That(walPages, Is.GreaterThan(1000));
        Assert.That(checkpointed, Is.EqualTo(walPages));
    }

    [Test]
    public async Task CheckpointAsync_AfterACheckpoint_TheWalStartsOver()
    {
        using var factory = new SqliteConnectionFactory(Path.Combine(_directory, "t.db"), backgroundCheckpoints: true);
        await CreateTableAsync(factory);
        await WriteAsync(factory, rows: 3000);
        var (before, _) = await WalCheckpointer.CheckpointAsync(factory, CancellationToken.None);

        await WriteAsync(factory, rows: 10);
        var (after, checkpointed) = await WalCheckpointer.CheckpointAsync(factory, CancellationToken.None);

        Assert.That(after, Is.LessThan(before / 10), "the next commit writes from the WAL's start");
        Assert.That(checkpointed, Is.EqualTo(after));
        await using var connection = await factory.OpenAsync();
        Assert.That(await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM t"), Is.EqualTo(3010));
    }

    [Test]
    public async Task Commit_DefaultFactory_SqliteCheckpointsByItself()
    {
        using var factory = new SqliteConnectionFactory(Path.Combine(_directory, "t.db"));
        await CreateTableAsync(factory);

        await WriteAsync(factory, rows: 3000);
        var (walPages, _) = await WalCheckpointer.CheckpointAsync(factory, CancellationToken.None);

        Assert.That(walPages, Is.LessThanOrEqualTo(1100));
    }

    private static async Task CreateTableAsync(SqliteConnectionFactory factory)
    {
        await using var connection = await factory.OpenAsync();
        await connection.ExecuteAsync("PRAGMA journal_mode = WAL; CREATE TABLE t (v TEXT)");
    }

    /// <summary>One row (a page of its own, about 4 KiB) per commit.</summary>
    private static async Task WriteAsync(SqliteConnectionFactory factory, int rows)
    {
        await using var connection = await factory.OpenAsync();
        for (var i = 0; i < rows; i++)
        {
            await using var transaction = await SqliteConnectionFactory.BeginWriteAsync(connection);
            await connection.ExecuteAsync("INSERT INTO t (v) VALUES (@v)", new { v = new string('x', 3000) }, transaction);
            await transaction.CommitAsync();
        }
    }
}
