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
        var factory = new SqliteConnectionFactory(Path.Combine(_directory, "t.db"));
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
        var factory = new SqliteConnectionFactory(Path.Combine(_directory, "t.db"));
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
}
