using System.Net;
using ShareHost.Tests.Features.Shares;
using ShareHost.Tests.Infrastructure;

namespace ShareHost.Tests.Features.Replication;

/// <summary>What replica calls refuse, with Manila's status codes and a reason; nothing changes.</summary>
public sealed class ReplicaGuardTests
{
    private TestHost _host = null!;
    private ApiClient _admin = null!;
    private ApiClient _demo = null!;
    private ApiClient _other = null!;
    private string _shareId = null!;
    private string _activeId = null!;
    private string _replicaId = null!;

    [OneTimeSetUp]
    public async Task OneTimeSetUp()
    {
        _host = new TestHost(settings: ReplicaTestSupport.Settings(lagPolls: 2));
        _admin = _host.Client();
        _demo = _host.Client(TestHost.DemoToken);
        _other = _host.Client(TestHost.OtherToken);
        await _admin.CreateReplicatedTypeAsync();
        _shareId = await _demo.ReplicatedShareAsync();
        _replicaId = (await _demo.CreateReplicaAsync(_host, _shareId)).Str("id");
        _activeId = (await _demo.GetAsync($"/v2/share-replicas?share_id={_shareId}")).Json["share_replicas"]!.AsArray()
            .Single(r => r!.Str("replica_state") == "active")!.Str("id");
    }

    [OneTimeTearDown]
    public void OneTimeTearDown()
    {
        _other.Dispose();
        _demo.Dispose();
        _admin.Dispose();
        _host.Dispose();
    }

    [Test]
    public async Task CreateReplica_ShareTypeWithoutReplication_Refused()
    {
        var plain = await _demo.AvailableShareAsync();

        var response = await _demo.PostAsync("/v2/share-replicas", new { share_replica = new { share_id = plain } });

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(response.ErrorMessage, Does.Contain("Replication not supported for share " + plain));
    }

    [Test]
    public async Task CreateReplica_WithoutShareId_NamesTheField()
    {
        var response = await _demo.PostAsync("/v2/share-replicas", new { share_replica = new { availability_zone = "az2" } });

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(response.ErrorMessage, Does.Contain("share_replica.share_id"));
    }

    [Test]
    public async Task CreateReplica_AnotherProjectsShare_NotFound()
    {
        var response = await _other.PostAsync("/v2/share-replicas", new { share_replica = new { share_id = _shareId } });

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task GetReplica_AnotherProject_NotFoundAndNotListed()
    {
        var shown = await _other.GetAsync($"/v2/share-replicas/{_replicaId}");
        var listed = await _other.GetAsync("/v2/share-replicas");
        var promoted = await _other.ReplicaActionAsync(_replicaId, "promote");

        Assert.That(shown.Status, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(shown.ErrorMessage, Does.Contain($"Share replica {_replicaId} could not be found."));
        Assert.That(listed.Json["share_replicas"]!.AsArray(), Is.Empty);
        Assert.That(promoted.Status, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task PromoteReplica_TheActiveOne_Refused()
    {
        var response = await _demo.ReplicaActionAsync(_activeId, "promote");

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(response.ErrorMessage, Does.Contain("already the active replica"));
    }

    [Test]
    public async Task ResyncReplica_TheActiveOne_Refused()
    {
        var response = await _admin.ReplicaActionAsync(_activeId, "resync");

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(response.ErrorMessage, Does.Contain("is the active replica"));
    }

    [Test]
    public async Task ResyncReplica_AsMember_Forbidden()
    {
        var response = await _demo.ReplicaActionAsync(_replicaId, "resync");

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.Forbidden));
    }

    [Test]
    public async Task PromoteReplica_OutOfSyncAsMember_NeedsAnAdministrator()
    {
        await _admin.ReplicaActionAsync(_replicaId, "reset_replica_state", new { replica_state = "out_of_sync" });

        var response = await _demo.ReplicaActionAsync(_replicaId, "promote");

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(response.ErrorMessage, Does.Contain("requires administrator privileges"));
        Assert.That((await _demo.ReplicaAsync(_replicaId)).Str("status"), Is.EqualTo("available"));
    }

    [Test]
    public async Task ResetReplicaState_UnknownState_NamesTheField()
    {
        var response = await _admin.ReplicaActionAsync(_replicaId, "reset_replica_state", new { replica_state = "sideways" });

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(response.ErrorMessage, Does.Contain("reset_replica_state.replica_state"));
    }

    [Test]
    public async Task DeleteReplica_LastActive_Refused()
    {
        var response = await _demo.DeleteAsync($"/v2/share-replicas/{_activeId}");
        var forced = await _admin.ReplicaActionAsync(_activeId, "force_delete");

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(response.ErrorMessage, Does.Contain("Cannot delete last active replica."));
        Assert.That(forced.Status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await _demo.ReplicaAsync(_activeId)).Str("status"), Is.EqualTo("available"));
    }

    [Test]
    public async Task DeleteShare_WithReplicas_ConflictWithManilasText()
    {
        var response = await _demo.DeleteAsync($"/v2/shares/{_shareId}");

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.Conflict));
        Assert.That(response.ErrorMessage, Does.Contain($"Share {_shareId} has replicas. Remove the replicas before deleting the share."));
    }

    [Test]
    public async Task ResyncReplica_AsAdmin_RecordsTheDriversAnswer()
    {
        await _admin.ReplicaActionAsync(_replicaId, "reset_replica_state", new { replica_state = "error" });

        var response = await _admin.ReplicaActionAsync(_replicaId, "resync");
        await _host.IdleAsync();

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.Accepted), response.Body);
        Assert.That((await _demo.ReplicaAsync(_replicaId)).Str("replica_state"), Is.AnyOf("out_of_sync", "in_sync"));
    }
}
