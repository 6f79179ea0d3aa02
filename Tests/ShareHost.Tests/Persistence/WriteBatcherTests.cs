using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using ShareHost.Persistence;
using ShareHost.Tests.Infrastructure;

namespace ShareHost.Tests.Persistence;

public sealed class WriteBatcherTests
{
    private string _directory = null!;
    private SqliteConnectionFactory _connections = null!;

    [SetUp]
    public async Task SetUp()
    {
        _directory = TestHost.NewDirectory();
        _connections = new SqliteConnectionFactory(Path.Combine(_directory, "t.db"));
        await using var connection = await _connections.OpenAsync();
        await connection.ExecuteAsync("PRAGMA journal_mode = WAL; CREATE TABLE t (v INTEGER PRIMARY KEY)");
    }

    [TearDown]
    public void TearDown()
    {
        _connections.Dispose();
        SqliteConnection.ClearAllPools();
        TestHost.DeleteDirectory(_directory);
    }

    [Test]
    public async Task WriteAsync_ManyAtOnce_EveryWriteCommittedAndAnsweredWithItsResult()
    {
        await using var batcher = new WriteBatcher(_connections, NullLogger<WriteBatcher>.Instance);

        var results = await Task.WhenAll(Enumerable.Range(1, 500).Select(i => batcher.WriteAsync(async (connection, transaction) =>
        {
            await connection.ExecuteAsync("INSERT INTO t (v) VALUES (@i)", new { i }, transaction);
            return i * 2;
        })));

        Assert.That(results, Is.EqualTo(Enumerable.Range(1, 500).Select(i => i * 2)));
        Assert.That(await CountAsync(), Is.EqualTo(500));
    }

    [Test]
    public async Task WriteAsync_OneWriteOfABatchThrows_OnlyItIsUndoneAndItsCallerGetsTheException()
    {
        await using var batcher = new WriteBatcher(_connections, NullLogger<WriteBatcher>.Instance);
        // Hold SQLite's write lock so that every write below queues and they all run in one batch.
        var blocker = await _connections.OpenAsync();
        var lockHeld = await SqliteConnectionFactory.BeginWriteAsync(blocker);
        var first = batcher.WriteAsync(InsertAsync(1));
        await Task.Delay(100);
        var writes = Enumerable.Range(2, 20).Select(i => batcher.WriteAsync(i == 10 ? InsertThenThrowAsync(i) : InsertAsync(i))).ToList();
        await lockHeld.DisposeAsync();
        await blocker.DisposeAsync();

        await first;
        var failed = Assert.ThrowsAsync<InvalidOperationException>(() => writes[8]);
        await Task.WhenAll(writes.Where((_, index) => index != 8));

        Assert.That(failed!.Message, Is.EqualTo("refused 10"));
        await using var connection = await _connections.OpenAsync();
        var stored = (await connection.QueryAsync<long>("SELECT v FROM t ORDER BY v")).ToList();
        Assert.That(stored, Is.EqualTo(Enumerable.Range(1, 21).Where(i => i != 10).Select(i => (long)i)));
    }

    [Test]
    public async Task WriteAsync_ABatchOfOneThrows_NothingOfItIsStored()
    {
        await using var batcher = new WriteBatcher(_connections, NullLogger<WriteBatcher>.Instance);

        Assert.ThrowsAsync<InvalidOperationException>(() => batcher.WriteAsync(InsertThenThrowAsync(7)));

        Assert.That(await CountAsync(), Is.Zero);
        await batcher.WriteAsync(InsertAsync(8));
        Assert.That(await CountAsync(), Is.EqualTo(1), "the batcher keeps working after a failed write");
    }

    [Test]
    public async Task WriteAsync_CancelledBeforeItRuns_IsCancelledAndNotStored()
    {
        await using var batcher = new WriteBatcher(_connections, NullLogger<WriteBatcher>.Instance);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        Assert.That(async () => await batcher.WriteAsync(InsertAsync(3), cancelled.Token), Throws.InstanceOf<OperationCanceledException>());

        Assert.That(await CountAsync(), Is.Zero);
    }

    private static Func<SqliteConnection, System.Data.Common.DbTransaction, Task> InsertAsync(int value) =>
        (connection, transaction) => connection.ExecuteAsync("INSERT INTO t (v) VALUES (@value)", new { value }, transaction);

    private static Func<SqliteConnection, System.Data.Common.DbTransaction, Task> InsertThenThrowAsync(int value) =>
        async (connection, transaction) =>
        {
            await connection.ExecuteAsync("INSERT INTO t (v) VALUES (@value)", new { value }, transaction);
            throw new InvalidOperationException($"refused {value}");
        };

    private async Task<long> CountAsync()
    {
        await using var connection = await _connections.OpenAsync();
        return await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM t");
    }
}
