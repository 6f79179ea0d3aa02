using Dapper;
using Microsoft.Data.Sqlite;
using ShareHost.Persistence;
using ShareHost.Tests.Infrastructure;

namespace ShareHost.Tests.Persistence;

public sealed class TableWatchTests
{
    private string _directory = null!;
    private SqliteConnectionFactory _factory = null!;

    [SetUp]
    public async Task SetUp()
    {
        _directory = TestHost.NewDirectory();
        _factory = new SqliteConnectionFactory(Path.Combine(_directory, "t.db"));
        await using var connection = await _factory.OpenAsync();
        await connection.ExecuteAsync("CREATE TABLE watched (id INTEGER PRIMARY KEY, v TEXT); CREATE TABLE other (id INTEGER PRIMARY KEY, v TEXT);");
    }

    [TearDown]
    public void TearDown()
    {
        _factory.Dispose();
        SqliteConnection.ClearAllPools();
        TestHost.DeleteDirectory(_directory);
    }

    [Test]
    public async Task Version_RowWrittenInAWatchedTable_MovesAsItIsWrittenAndAgainWhenTheConnectionIsGivenBack()
    {
        var watch = _factory.Watch("watched");
        var before = watch.Version;

        long duringTransaction;
        await using (var connection = await _factory.OpenAsync())
        {
            await using var transaction = await SqliteConnectionFactory.BeginWriteAsync(connection);
            await connection.ExecuteAsync("INSERT INTO watched (v) VALUES ('a')", transaction: transaction);
            duringTransaction = watch.Version;
            await transaction.CommitAsync();
        }

        Assert.That(duringTransaction, Is.GreaterThan(before));
        Assert.That(watch.Version, Is.GreaterThan(duringTransaction));
    }

    [Test]
    public async Task Version_RowsWrittenElsewhereOrUnwatched_StaysPut()
    {
        var watch = _factory.Watch("watched");
        var before = watch.Version;

        await using (var connection = await _factory.OpenAsync())
        {
            await connection.ExecuteAsync("INSERT INTO other (v) VALUES ('a'); SELECT * FROM watched;");
            connection.WritesUnwatched = true;
            await connection.ExecuteAsync("INSERT INTO watched (v) VALUES ('b')");
            connection.WritesUnwatched = false;
        }

        Assert.That(watch.Version, Is.EqualTo(before));
    }

    [Test]
    public async Task WritesUnwatched_ConnectionGivenBackUnwatched_ItsNextUseIsWatchedAgain()
    {
        var watch = _factory.Watch("watched");
        await using (var connection = await _factory.OpenAsync())
        {
            connection.WritesUnwatched = true;
        }

        await using (var again = await _factory.OpenAsync())
        {
            await again.ExecuteAsync("INSERT INTO watched (v) VALUES ('d')");
        }

        Assert.That(watch.Version, Is.GreaterThan(0));
    }

    [Test]
    public async Task Version_ConnectionOpenedBeforeTheWatch_StillMovesIt()
    {
        await using var connection = await _factory.OpenAsync();

        var watch = _factory.Watch("watched");
        await connection.ExecuteAsync("UPDATE watched SET v = 'c'; INSERT INTO watched (v) VALUES ('c')");

        Assert.That(watch.Version, Is.GreaterThan(0));
    }
}
