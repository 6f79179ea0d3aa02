using Dapper;
using Microsoft.Extensions.DependencyInjection;
using ShareHost.Api.Errors;
using ShareHost.Features.Mounts.Leases;
using ShareHost.Persistence;
using ShareHost.Tests.Infrastructure;

namespace ShareHost.Tests.Features.Mounts;

/// <summary>
/// The lease writer writes a mount's lease only while its share is available on the instance it was mounted from,
/// checked inside the write transaction (the mount path reads the share from a cache before it).
/// </summary>
public sealed class LeaseWriterShareCheckTests
{
    private TestHost _host = null!;
    private string _share = null!;
    private string _instance = null!;

    [SetUp]
    public async Task SetUp()
    {
        _host = new TestHost(settings: Mounts.Pool());
        using var demo = _host.Client(TestHost.DemoToken);
        _share = await Mounts.ShareAsync(demo);
        await using var connection = await Connections.OpenAsync();
        _instance = await connection.ExecuteScalarAsync<string>("SELECT id FROM share_instances WHERE share_id = @id", new { id = _share }) ?? "";
    }

    [TearDown]
    public void TearDown() => _host.Dispose();

    private LeaseWriter Writer => _host.Services.GetRequiredService<LeaseWriter>();

    private SqliteConnectionFactory Connections => _host.Services.GetRequiredService<SqliteConnectionFactory>();

    [Test]
    public async Task InsertAsync_ShareAvailableOnItsInstance_WritesTheLeaseWithAToken()
    {
        var written = await Writer.InsertAsync(Lease(_instance));

        Assert.That(written.Value, Is.EqualTo(1));
        Assert.That(await CountAsync(), Is.EqualTo(1));
    }

    [Test]
    public async Task InsertAsync_ShareNoLongerAvailable_RefusedWith400AndNothingWritten()
    {
        await ExecuteAsync("UPDATE share_instances SET status = 'deleting' WHERE share_id = @id");

        var refused = Assert.ThrowsAsync<BadRequestException>(() => Writer.InsertAsync(Lease(_instance)));

        Assert.That(refused!.Message, Does.Contain("'deleting' now").And.Contain("undone"));
        Assert.That(await CountAsync(), Is.Zero);
    }

    [Test]
    public async Task InsertAsync_ShareMovedToAnotherInstance_RefusedWith409AndNothingWritten()
    {
        var refused = Assert.ThrowsAsync<ConflictException>(() => Writer.InsertAsync(Lease("an-instance-the-share-left")));

        Assert.That(refused!.Message, Does.Contain("moved to another instance"));
        Assert.That(await CountAsync(), Is.Zero);
    }

    [Test]
    public async Task InsertAsync_OneRefusedInABatch_TheOthersAreWritten()
    {
        var good = Enumerable.Range(0, 5).Select(_ => Writer.InsertAsync(Lease(_instance))).ToList();
        var bad = Writer.InsertAsync(Lease("an-instance-the-share-left"));

        var tokens = (await Task.WhenAll(good)).Select(w => w.Value).Order().ToList();

        Assert.That(async () => await bad, Throws.InstanceOf<ConflictException>());
        Assert.That(await CountAsync(), Is.EqualTo(5));
        Assert.That(tokens, Is.Unique);
    }

    [Test]
    public async Task InsertAsync_RowTheDatabaseRefuses_FailsThatWriteOnlyWithTheDatabasesError()
    {
        var first = Lease(_instance);
        await Writer.InsertAsync(first);
        var duplicate = new MountLease { Id = first.Id, ShareId = _share, ShareInstanceId = _instance, Backend = "dummy1", Access = "recorded", LeaseSeconds = 60 };

        var refused = Writer.InsertAsync(duplicate);
        var other = Writer.InsertAsync(Lease(_instance));

        Assert.That(async () => await refused, Throws.InstanceOf<Microsoft.Data.Sqlite.SqliteException>().With.Message.Contains("UNIQUE"));
        Assert.That((await other).Value, Is.GreaterThan(0));
        Assert.That(await CountAsync(), Is.EqualTo(2));
    }

    private MountLease Lease(string instance) => new()
    {
        ShareId = _share,
        ShareInstanceId = instance,
        Backend = "dummy1",
        ProjectId = "demoproject",
        UserId = "demo",
        Client = "192.0.2.50",
        Address = "10.0.0.1",
        AddressSource = "host",
        Protocol = "NFS",
        ExportPath = "10.0.0.1:/x",
        LeaseSeconds = 60,
        Access = "recorded",
    };

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = await Connections.OpenAsync();
        await connection.ExecuteAsync(sql, new { id = _share });
    }

    private async Task<int> CountAsync()
    {
        await using var connection = await Connections.OpenAsync();
        return await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM mount_leases WHERE share_id = @id", new { id = _share });
    }
}
