using Dapper;
using Microsoft.Data.Sqlite;
using ShareHost.Persistence;
using ShareHost.Tests.Infrastructure;

namespace ShareHost.Tests.Persistence;

public sealed class SqliteConnectionFactoryTests
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
    public async Task OpenAsync_PooledConnectionReused_KeepsForeignKeysAndSynchronousSettings()
    {
        using var factory = new SqliteConnectionFactory(Path.Combine(_directory, "t.db"));
        var seen = new List<(long ForeignKeys, long Synchronous)>();

        for (var i = 0; i < 5; i++)
        {
            await using var connection = await factory.OpenAsync();
            seen.Add((await connection.ExecuteScalarAsync<long>("PRAGMA foreign_keys"), await connection.ExecuteScalarAsync<long>("PRAGMA synchronous")));
        }

        Assert.That(seen, Is.All.EqualTo((1L, 1L)));
    }

    [Test]
    public async Task BeginWriteAsync_TwoWritersInOneProcess_RunOneAfterTheOther()
    {
        using var factory = new SqliteConnectionFactory(Path.Combine(_directory, "t.db"));
        await using (var setup = await factory.OpenAsync())
        {
            await setup.ExecuteAsync("CREATE TABLE t (v INTEGER)");
        }

        var order = new List<string>();
        await using var first = await factory.OpenAsync();
        await using var firstTransaction = await SqliteConnectionFactory.BeginWriteAsync(first);
        var second = Task.Run(async () =>
        {
            await using var connection = await factory.OpenAsync();
            await using var transaction = await SqliteConnectionFactory.BeginWriteAsync(connection);
            lock (order)
            {
                order.Add("second");
            }
        });
        await Task.Delay(200);
        lock (order)
        {
            order.Add("first");
        }

        await firstTransaction.CommitAsync();
        await first.CloseAsync();
        await second.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.That(order, Is.EqualTo(new[] { "first", "second" }));
    }

    [Test]
    public async Task OpenDedicatedAsync_WritesBetweenOthers_EndWriteLetsThemGoAndItIsNeverPooled()
    {
        using var factory = new SqliteConnectionFactory(Path.Combine(_directory, "t.db"));
        await using (var setup = await factory.OpenAsync())
        {
            await setup.ExecuteAsync("CREATE TABLE t (v INTEGER)");
        }

        var own = await factory.OpenDedicatedAsync(8192);
        Assert.That(await own.ExecuteScalarAsync<long>("PRAGMA cache_size"), Is.EqualTo(-8192));
        Assert.That(await own.ExecuteScalarAsync<long>("PRAGMA foreign_keys"), Is.EqualTo(1));
        for (var round = 1; round <= 2; round++)
        {
            await using (var transaction = await SqliteConnectionFactory.BeginWriteAsync(own))
            {
                await own.ExecuteAsync("INSERT INTO t (v) VALUES (@round)", new { round }, transaction);
                await transaction.CommitAsync();
            }

            SqliteConnectionFactory.EndWrite(own);
            // A pooled writer gets the gate at once: the dedicated connection kept nothing locked.
            await using var other = await factory.OpenAsync();
            await using var otherTransaction = await SqliteConnectionFactory.BeginWriteAsync(other).WaitAsync(TimeSpan.FromSeconds(10));
            await other.ExecuteAsync("INSERT INTO t (v) VALUES (@v)", new { v = -round }, otherTransaction);
            await otherTransaction.CommitAsync();
            Assert.That(other, Is.Not.SameAs(own));
        }

        await own.DisposeAsync();
        await using var after = await factory.OpenAsync();
        Assert.That(after, Is.Not.SameAs(own), "a dedicated connection is closed for good, not pooled");
        Assert.That((await after.QueryAsync<long>("SELECT v FROM t ORDER BY rowid")).ToList(), Is.EqualTo(new long[] { 1, -1, 2, -2 }));
        Assert.That(await after.ExecuteScalarAsync<long>("PRAGMA cache_size"), Is.EqualTo(-1024));
    }

    [Test]
    public async Task OpenAsync_SameSqlWithOtherValues_RunsOneCompiledStatementWithEachCallsValues()
    {
        using var factory = new SqliteConnectionFactory(Path.Combine(_directory, "t.db"));
        await using (var setup = await factory.OpenAsync())
        {
            await setup.ExecuteAsync("CREATE TABLE t (k TEXT PRIMARY KEY, v INTEGER)");
            await setup.ExecuteAsync("INSERT INTO t (k, v) VALUES (@k, @v)", new[] { new { k = "a", v = 1 }, new { k = "b", v = 2 } });
        }

        var values = new List<long>();
        PooledSqliteConnection? used = null;
        foreach (var key in new[] { "a", "b", "a" })
        {
            await using var connection = await factory.OpenAsync();
            used = (PooledSqliteConnection)connection;
            values.Add(await connection.ExecuteScalarAsync<long>("SELECT v FROM t WHERE k = @key", new { key }));
        }

        Assert.That(values, Is.EqualTo(new long[] { 1, 2, 1 }));
        Assert.That(used!.CompiledStatements, Is.EqualTo(3), "CREATE, INSERT and SELECT, each compiled once");
    }

    [Test]
    public async Task OpenAsync_SameSqlRunWhileItsReaderIsOpen_BothReadTheirOwnRows()
    {
        using var factory = new SqliteConnectionFactory(Path.Combine(_directory, "t.db"));
        await using var connection = await factory.OpenAsync();
        await connection.ExecuteAsync("CREATE TABLE t (k INTEGER)");
        await connection.ExecuteAsync("INSERT INTO t (k) VALUES (1), (2), (3)");
        const string sql = "SELECT k FROM t WHERE k >= @from ORDER BY k";
        var pairs = new List<(long Outer, long Inner)>();

        foreach (var outer in connection.Query<long>(sql, new { from = 2 }, buffered: false))
        {
            pairs.Add((outer, connection.Query<long>(sql, new { from = outer }).First()));
        }

        Assert.That(pairs, Is.EqualTo(new[] { (2L, 2L), (3L, 3L) }));
    }

    [Test]
    public async Task Close_WithATransactionLeftOpen_RollsItBackAndFreesTheWriter()
    {
        using var factory = new SqliteConnectionFactory(Path.Combine(_directory, "t.db"));
        await using (var setup = await factory.OpenAsync())
        {
            await setup.ExecuteAsync("CREATE TABLE t (k INTEGER)");
        }

        await using (var abandoned = await factory.OpenAsync())
        {
            var transaction = await SqliteConnectionFactory.BeginWriteAsync(abandoned);
            await abandoned.ExecuteAsync("INSERT INTO t (k) VALUES (1)", transaction: transaction);
        }

        await using var next = await factory.OpenAsync();
        await using var write = await SqliteConnectionFactory.BeginWriteAsync(next).WaitAsync(TimeSpan.FromSeconds(10));
        var rows = await next.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM t", transaction: write);

        Assert.That(rows, Is.Zero);
    }

    [Test]
    public async Task Dispose_IdleConnections_AreClosed()
    {
        var factory = new SqliteConnectionFactory(Path.Combine(_directory, "t.db"));
        var connection = await factory.OpenAsync();
        await connection.DisposeAsync();

        factory.Dispose();

        Assert.That(connection.State, Is.EqualTo(System.Data.ConnectionState.Closed));
        Assert.ThrowsAsync<ObjectDisposedException>(() => factory.OpenAsync());
    }
}
