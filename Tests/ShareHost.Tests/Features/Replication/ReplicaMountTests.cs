using System.Net;
using Microsoft.Extensions.DependencyInjection;
using ShareHost.Features.Replicas;
using ShareHost.Persistence;
using ShareHost.Tests.Features.Mounts;
using ShareHost.Tests.Infrastructure;

namespace ShareHost.Tests.Features.Replication;

/// <summary>
/// Mounts of a replicated share when its active replica changes: a mount is bound to the active replica's backend and
/// address, so a promotion ends it, and a lease whose share moved is refused at its renewal.
/// </summary>
public sealed class ReplicaMountTests
{
    private TestHost _host = null!;
    private ApiClient _admin = null!;
    private ApiClient _demo = null!;

    [OneTimeSetUp]
    public async Task OneTimeSetUp()
    {
        _host = new TestHost(settings: ReplicaTestSupport.Settings(lagPolls: 1));
        _admin = _host.Client();
        _demo = _host.Client(TestHost.DemoToken);
        await _admin.CreateReplicatedTypeAsync();
    }

    [OneTimeTearDown]
    public void OneTimeTearDown()
    {
        _demo.Dispose();
        _admin.Dispose();
        _host.Dispose();
    }

    [Test]
    public async Task PromoteReplica_ShareMounted_EndsItsMountsAndTheNextMountBindsToTheNewActive()
    {
        var shareId = await _demo.ReplicatedShareAsync(zone: "az1");
        var replicaId = (await _demo.CreateReplicaAsync(_host, shareId)).Str("id");
        await _host.PollUntilAsync(_demo, replicaId, "in_sync");
        var before = await Mounts.Mounts.MountOkAsync(_demo, shareId, "192.0.2.31");
        var oldAddresses = (await Mounts.Mounts.LiveMountsAsync(_admin, "dummy1")).Keys;

        var promoted = await _demo.ReplicaActionAsync(replicaId, "promote");
        await _host.IdleAsync();

        var ended = await Mounts.Mounts.ShowAsync(_demo, before.Id());
        var renewal = await Mounts.Mounts.RenewAsync(_demo, before.Id());
        var after = await Mounts.Mounts.MountOkAsync(_demo, shareId, "192.0.2.31");
        var afterShown = await Mounts.Mounts.ShowAsync(_admin, after.Id());
        Assert.That(promoted.Status, Is.EqualTo(HttpStatusCode.Accepted), promoted.Body);
        Assert.Multiple(async () =>
        {
            Assert.That(ended["lease"]!.Str("state"), Is.EqualTo("released"), "a mount of the old active replica ends with the promotion");
            Assert.That(renewal.Status, Is.EqualTo(HttpStatusCode.Conflict), renewal.Body);
            Assert.That(oldAddresses, Does.Contain(before.Address()));
            Assert.That(afterShown.Str("share_instance_id"), Is.EqualTo(replicaId));
            Assert.That(afterShown.Str("backend"), Is.EqualTo("dummy2"));
            Assert.That((await Mounts.Mounts.LiveMountsAsync(_admin, "dummy2")).Keys, Does.Contain(after.Address()));
            Assert.That(after.Token(), Is.GreaterThan(before.Token()), "the share's fencing token goes on increasing");
            Assert.That((await Mounts.Mounts.LiveMountsAsync(_admin, "dummy1")).Values, Is.All.EqualTo(0));
        });
    }

    [Test]
    public async Task Renew_ShareMovedToAnotherInstanceBehindTheLeasesBack_EndsTheLeaseWith409()
    {
        var shareId = await _demo.ReplicatedShareAsync(zone: "az1");
        var replicaId = (await _demo.CreateReplicaAsync(_host, shareId)).Str("id");
        var mount = await Mounts.Mounts.MountOkAsync(_demo, shareId, "192.0.2.32");
        // What another process's promotion leaves here: the share's primary moved, this process's lease table unchanged.
        var connections = _host.Services.GetRequiredService<SqliteConnectionFactory>();
        await using (var connection = await connections.OpenAsync())
        await using (var transaction = await SqliteConnectionFactory.BeginWriteAsync(connection))
        {
            await ReplicaRepository.MakePrimaryAsync(connection, transaction, shareId, replicaId, CancellationToken.None);
            await transaction.CommitAsync();
        }

        var renewal = await Mounts.Mounts.RenewAsync(_demo, mount.Id());
        var shown = await Mounts.Mounts.ShowAsync(_demo, mount.Id());

        Assert.That(renewal.Status, Is.EqualTo(HttpStatusCode.Conflict), renewal.Body);
        Assert.Multiple(() =>
        {
            Assert.That(renewal.Body, Does.Contain("moved to another instance").And.Contain("mount the share again"));
            Assert.That(shown["lease"]!.Str("state"), Is.EqualTo("released"));
            Assert.That(shown.Str("access"), Is.EqualTo("withdrawn"), "the client's access goes with the lease");
        });
    }
}
