using System.Net;
using ShareHost.Tests.Features.Snapshots;
using ShareHost.Tests.Infrastructure;

namespace ShareHost.Tests.Features.Replication;

/// <summary>Snapshots of a replicated share exist on every replica and survive a promotion.</summary>
public sealed class ReplicatedSnapshotTests
{
    private const string Type = "replicated-snap";

    private TestHost _host = null!;
    private ApiClient _admin = null!;

    [OneTimeSetUp]
    public async Task OneTimeSetUp()
    {
        _host = new TestHost(settings: ReplicaTestSupport.Settings(lagPolls: 1));
        _admin = _host.Client();
        var specs = new Dictionary<string, string>(SnapshotTestSupport.AllSnapshotSpecs) { ["replication_type"] = "readable" };
        await _host.CreateSnapshotTypeAsync(Type, specs);
    }

    [OneTimeTearDown]
    public void OneTimeTearDown()
    {
        _admin.Dispose();
        _host.Dispose();
    }

    [Test]
    public async Task CreateSnapshot_ShareWithReplica_TakenOnEveryReplica()
    {
        var shareId = await _admin.ReplicatedShareAsync(zone: "az1", type: Type);
        var replicaId = (await _admin.CreateReplicaAsync(_host, shareId)).Str("id");

        var snapshotId = await _admin.AvailableSnapshotAsync(shareId);

        var instances = await _host.CountAsync("SELECT COUNT(*) FROM snapshot_instances WHERE snapshot_id = @snapshotId AND status = 'available'", new { snapshotId });
        Assert.That(instances, Is.EqualTo(2));
        Assert.That((IEnumerable<string>)_host.Dummy("dummy2").SnapshotIdsOf(replicaId), Does.Contain(snapshotId));
    }

    [Test]
    public async Task PromoteReplica_WithSnapshot_SnapshotStaysAvailableAndDeletesEverywhere()
    {
        var shareId = await _admin.ReplicatedShareAsync(zone: "az1", type: Type);
        var oldActive = await ShareHost.Tests.Features.AccessRules.AccessTestSupport.InstanceIdAsync(_host, shareId);
        var replicaId = (await _admin.CreateReplicaAsync(_host, shareId)).Str("id");
        var snapshotId = await _admin.AvailableSnapshotAsync(shareId);
        await _host.PollUntilAsync(_admin, replicaId, "in_sync");

        await _admin.ReplicaActionAsync(replicaId, "promote");
        await _host.IdleAsync();
        var afterPromote = await _admin.GetAsync($"/v2/snapshots/{snapshotId}");
        var deleted = await _admin.DeleteAsync($"/v2/snapshots/{snapshotId}");
        await _admin.WaitForSnapshotGoneAsync(snapshotId);

        Assert.That(afterPromote.Status, Is.EqualTo(HttpStatusCode.OK), afterPromote.Body);
        Assert.That(afterPromote.Json["snapshot"]!.Str("status"), Is.EqualTo("available"));
        Assert.That(deleted.Status, Is.EqualTo(HttpStatusCode.Accepted), deleted.Body);
        Assert.That((IEnumerable<string>)_host.Dummy("dummy2").SnapshotIdsOf(replicaId), Is.Empty);
        Assert.That((IEnumerable<string>)_host.Dummy("dummy1").SnapshotIdsOf(oldActive), Is.Empty);
    }

    [Test]
    public async Task CreateReplica_ShareWithSnapshot_SeedsItAndDeletesCleanly()
    {
        var shareId = await _admin.ReplicatedShareAsync(zone: "az1", type: Type);
        var snapshotId = await _admin.AvailableSnapshotAsync(shareId);

        var replicaId = (await _admin.CreateReplicaAsync(_host, shareId)).Str("id");
        var seeded = (IEnumerable<string>)_host.Dummy("dummy2").SnapshotIdsOf(replicaId);
        var instanceStatus = await _host.CountAsync(
            "SELECT COUNT(*) FROM snapshot_instances WHERE snapshot_id = @snapshotId AND share_instance_id = @replicaId AND status = 'available'",
            new { snapshotId, replicaId });
        var deleted = await _admin.DeleteAsync($"/v2/share-replicas/{replicaId}");
        await _host.IdleAsync();

        Assert.That(seeded, Does.Contain(snapshotId));
        Assert.That(instanceStatus, Is.EqualTo(1));
        Assert.That(deleted.Status, Is.EqualTo(HttpStatusCode.Accepted), deleted.Body);
        Assert.That((await _admin.GetAsync($"/v2/share-replicas/{replicaId}")).Status, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That((await _admin.GetAsync($"/v2/snapshots/{snapshotId}")).Json["snapshot"]!.Str("status"), Is.EqualTo("available"));
    }
}
