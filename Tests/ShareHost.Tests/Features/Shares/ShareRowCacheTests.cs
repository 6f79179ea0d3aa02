using Dapper;
using Microsoft.Extensions.DependencyInjection;
using ShareHost.Features.Shares;
using ShareHost.Persistence;
using ShareHost.Tests.Infrastructure;
using MountCalls = ShareHost.Tests.Features.Mounts.Mounts;

namespace ShareHost.Tests.Features.Shares;

/// <summary>The mount path's share rows: served from memory, never older than this process's last write to them.</summary>
public sealed class ShareRowCacheTests
{
    private const string SetStatusSql = "UPDATE share_instances SET status = @status WHERE share_id = @id";

    private TestHost _host = null!;
    private ShareRowCache _cache = null!;
    private string _share = null!;

    [SetUp]
    public async Task SetUp()
    {
        _host = new TestHost(settings: MountCalls.Pool());
        using var demo = _host.Client(TestHost.DemoToken);
        _share = await MountCalls.ShareAsync(demo);
        _cache = _host.Services.GetRequiredService<ShareRowCache>();
    }

    [TearDown]
    public void TearDown() => _host.Dispose();

    private SqliteConnectionFactory Connections => _host.Services.GetRequiredService<SqliteConnectionFactory>();

    [Test]
    public async Task FindAsync_NothingChanged_ReadsTheDatabaseOnceWithTheExportLocations()
    {
        await _host.IdleAsync();
        var reads = _cache.Reads;

        var first = await _cache.FindAsync(_share, CancellationToken.None);
        var second = await _cache.FindAsync(_share, CancellationToken.None);

        Assert.That(_cache.Reads - reads, Is.EqualTo(1));
        Assert.That(second, Is.SameAs(first));
        Assert.That(first!.ExportLocations, Is.Not.Empty);
    }

    [Test]
    public async Task FindAsync_AfterThisProcessChangedTheStatus_ShowsTheNewStatus()
    {
        await _cache.FindAsync(_share, CancellationToken.None);

        await using (var connection = await Connections.OpenAsync())
        {
            await connection.ExecuteAsync(SetStatusSql, new { status = "error", id = _share });
        }

        Assert.That((await _cache.FindAsync(_share, CancellationToken.None))!.Status, Is.EqualTo("error"));
    }

    [Test]
    public async Task FindAsync_ReadWhileAWriteIsUncommitted_NotServedAfterTheWriteEnds()
    {
        ShareRecord? during;
        await using (var writer = await Connections.OpenAsync())
        {
            await using var transaction = await SqliteConnectionFactory.BeginWriteAsync(writer);
            await writer.ExecuteAsync(SetStatusSql, new { status = "error", id = _share }, transaction);
            during = await _cache.FindAsync(_share, CancellationToken.None);
            await transaction.CommitAsync();
        }

        var after = await _cache.FindAsync(_share, CancellationToken.None);

        Assert.That(during!.Status, Is.EqualTo("available"));
        Assert.That(after!.Status, Is.EqualTo("error"));
    }

    [Test]
    public async Task FindAsync_FencingCountersAdvanced_KeepsTheRow()
    {
        await _cache.FindAsync(_share, CancellationToken.None);
        var reads = _cache.Reads;

        await using (var connection = await Connections.OpenAsync())
        {
            connection.WritesUnwatched = true;
            await connection.ExecuteAsync("UPDATE shares SET fencing_token = fencing_token + 1 WHERE id = @id", new { id = _share });
            connection.WritesUnwatched = false;
        }

        await _cache.FindAsync(_share, CancellationToken.None);
        Assert.That(_cache.Reads, Is.EqualTo(reads));
    }

    [Test]
    public async Task FindAsync_AnotherProcessChangedTheStatus_SeenWithinMaxAge()
    {
        await _host.IdleAsync();
        await _cache.FindAsync(_share, CancellationToken.None);
        using var otherProcess = new SqliteConnectionFactory(Connections.DatabasePath);

        await using (var connection = await otherProcess.OpenAsync())
        {
            await connection.ExecuteAsync(SetStatusSql, new { status = "error", id = _share });
        }

        await Task.Delay(ShareRowCache.MaxAge + TimeSpan.FromMilliseconds(100));
        Assert.That((await _cache.FindAsync(_share, CancellationToken.None))!.Status, Is.EqualTo("error"));
    }

    [Test]
    public async Task FindAsync_ShareDeleted_Null()
    {
        await _cache.FindAsync(_share, CancellationToken.None);

        await using (var connection = await Connections.OpenAsync())
        {
            await connection.ExecuteAsync("DELETE FROM export_locations; DELETE FROM share_instances WHERE share_id = @id; DELETE FROM shares WHERE id = @id", new { id = _share });
        }

        Assert.That(await _cache.FindAsync(_share, CancellationToken.None), Is.Null);
    }
}
