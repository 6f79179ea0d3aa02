using System.Net;
using ShareHost.Tests.Features.AccessRules;
using ShareHost.Tests.Features.Snapshots;
using ShareHost.Tests.Infrastructure;

namespace ShareHost.Tests.Features.Replication;

/// <summary>Replica create, list, poll, promote, delete on two replicating Dummy backends (one host for the fixture).</summary>
public sealed class ReplicaLifecycleTests
{
    private TestHost _host = null!;
    private ApiClient _admin = null!;
    private ApiClient _demo = null!;

    [OneTimeSetUp]
    public async Task OneTimeSetUp()
    {
        _host = new TestHost(settings: ReplicaTestSupport.Settings(lagPolls: 2));
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
    public async Task CreateReplica_ReplicatedShare_BecomesAvailableOutOfSyncOnTheOtherZone()
    {
        var shareId = await _demo.ReplicatedShareAsync(zone: "az1");

        var response = await _demo.PostAsync("/v2/share-replicas", new { share_replica = new { share_id = shareId } });
        await _host.IdleAsync();
        var replica = await _admin.ReplicaAsync(response.Json["share_replica"]!.Str("id"));

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.Accepted), response.Body);
        Assert.Multiple(() =>
        {
            Assert.That(response.Json["share_replica"]!.Str("status"), Is.EqualTo("creating"));
            Assert.That(replica.Str("status"), Is.EqualTo("available"));
            Assert.That(replica.Str("replica_state"), Is.EqualTo("out_of_sync"));
            Assert.That(replica.Str("availability_zone"), Is.EqualTo("az2"), "a replica prefers a zone without one");
            Assert.That(replica.Str("host"), Is.EqualTo("sharehost@dummy2#pool-a"));
            Assert.That(replica["cast_rules_to_readonly"]!.GetValue<bool>(), Is.True);
            Assert.That((bool)AccessTestSupport.Dummy(_host, "dummy2").Holds(replica.Str("id")), Is.True);
        });
    }

    [Test]
    public async Task PollReplicaStates_ReplicaBehind_GoesInSyncAfterTheConfiguredLag()
    {
        var shareId = await _demo.ReplicatedShareAsync();
        var replicaId = (await _demo.CreateReplicaAsync(_host, shareId)).Str("id");

        await _host.PollReplicaStatesAsync();
        var afterFirst = (await _demo.ReplicaAsync(replicaId)).Str("replica_state");
        await _host.PollReplicaStatesAsync();
        var afterSecond = (await _demo.ReplicaAsync(replicaId)).Str("replica_state");

        Assert.That(afterFirst, Is.EqualTo("out_of_sync"));
        Assert.That(afterSecond, Is.EqualTo("in_sync"));
        Assert.That((long)AccessTestSupport.Dummy(_host, "dummy2").ContentVersion(replicaId), Is.EqualTo(await _host.ContentVersionAsync(shareId)));
    }

    [Test]
    public async Task ListReplicas_ByShare_ShowsActiveAndReplicaAndTheShareHasReplicas()
    {
        var shareId = await _demo.ReplicatedShareAsync();
        var replicaId = (await _demo.CreateReplicaAsync(_host, shareId)).Str("id");

        var summary = await _demo.GetAsync($"/v2/share-replicas?share_id={shareId}");
        var detail = await _demo.GetAsync($"/v2/share-replicas/detail?share_id={shareId}");
        var share = (await _demo.GetAsync($"/v2/shares/{shareId}")).Json["share"]!;

        var states = summary.Json["share_replicas"]!.AsArray().ToDictionary(r => r!.Str("id"), r => r!.Str("replica_state"));
        Assert.Multiple(() =>
        {
            Assert.That(states, Has.Count.EqualTo(2));
            Assert.That(states[replicaId], Is.EqualTo("out_of_sync"));
            Assert.That(states.Values, Has.One.EqualTo("active"));
            Assert.That(summary.Json["share_replicas"]![0]!.AsObject().Select(p => p.Key), Is.EquivalentTo(new[] { "id", "share_id", "status", "replica_state" }));
            Assert.That(detail.Json["share_replicas"]![0]!["availability_zone"], Is.Not.Null);
            Assert.That(detail.Json["share_replicas"]![0]!.AsObject().ContainsKey("host"), Is.False, "host is for admins");
            Assert.That(share["has_replicas"]!.GetValue<bool>(), Is.True);
            Assert.That(share.Str("replication_type"), Is.EqualTo("readable"));
        });
    }

    [Test]
    public async Task PromoteReplica_InSync_BecomesActiveAndTheShareFollowsIt()
    {
        var shareId = await _demo.ReplicatedShareAsync(zone: "az1");
        var replicaId = (await _demo.CreateReplicaAsync(_host, shareId)).Str("id");
        await _host.PollUntilAsync(_demo, replicaId, "in_sync");
        var oldActive = await _host.InstanceIdAsync(shareId);

        var response = await _demo.ReplicaActionAsync(replicaId, "promote");
        await _host.IdleAsync();

        var share = (await _admin.GetAsync($"/v2/shares/{shareId}")).Json["share"]!;
        var locations = (await _admin.GetAsync($"/v2/shares/{shareId}/export_locations")).Json["export_locations"]!.AsArray();
        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.Accepted), response.Body);
        Assert.Multiple(async () =>
        {
            Assert.That((await _demo.ReplicaAsync(replicaId)).Str("replica_state"), Is.EqualTo("active"));
            Assert.That((await _demo.ReplicaAsync(oldActive)).Str("replica_state"), Is.EqualTo("out_of_sync"));
            Assert.That(share.Str("host"), Is.EqualTo("sharehost@dummy2#pool-a"));
            Assert.That(share.Str("status"), Is.EqualTo("available"));
            Assert.That(locations.Select(l => l!.Str("share_instance_id")), Is.All.EqualTo(replicaId), "mounts and exports bind to the new active replica");
        });
    }

    [Test]
    public async Task PromoteReplica_ReadableShareWithRule_NewActiveServesReadWriteOldOneReadOnly()
    {
        var shareId = await _demo.ReplicatedShareAsync(zone: "az1");
        await _demo.AllowOkAsync(shareId, "ip", "10.0.0.7", "rw");
        await _host.AccessIdleAsync();
        var replicaId = (await _demo.CreateReplicaAsync(_host, shareId)).Str("id");
        await _host.AccessIdleAsync();
        var levelBefore = _host.AppliedRules(replicaId, "dummy2").Single().AccessLevel;
        await _host.PollUntilAsync(_demo, replicaId, "in_sync");
        var oldActive = await _host.InstanceIdAsync(shareId);

        await _demo.ReplicaActionAsync(replicaId, "promote");
        await _host.IdleAsync();
        await _host.AccessIdleAsync();

        Assert.That(levelBefore, Is.EqualTo("ro"), "a readable replica serves reads only");
        Assert.That(_host.AppliedRules(replicaId, "dummy2").Single().AccessLevel, Is.EqualTo("rw"));
        Assert.That(_host.AppliedRules(oldActive, "dummy1").Single().AccessLevel, Is.EqualTo("ro"));
    }

    [Test]
    public async Task DeleteReplica_NonActive_RemovesItEverywhere()
    {
        var shareId = await _demo.ReplicatedShareAsync();
        var replicaId = (await _demo.CreateReplicaAsync(_host, shareId)).Str("id");

        var response = await _demo.DeleteAsync($"/v2/share-replicas/{replicaId}");
        await _host.IdleAsync();

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.Accepted), response.Body);
        Assert.That((await _demo.GetAsync($"/v2/share-replicas/{replicaId}")).Status, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That((bool)AccessTestSupport.Dummy(_host, "dummy2").Holds(replicaId), Is.False);
        Assert.That((await _demo.GetAsync($"/v2/shares/{shareId}")).Json["share"]!["has_replicas"]!.GetValue<bool>(), Is.False);
    }

    [Test]
    public async Task ReplicaExportLocations_List_ShowsReplicaStateAndZone()
    {
        var shareId = await _demo.ReplicatedShareAsync();
        var replicaId = (await _demo.CreateReplicaAsync(_host, shareId)).Str("id");

        var response = await _demo.GetAsync($"/v2/share-replicas/{replicaId}/export-locations");

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.OK), response.Body);
        var locations = response.Json["export_locations"]!.AsArray();
        Assert.That(locations, Has.Count.EqualTo(1), "the admin-only location is hidden from members");
        Assert.Multiple(() =>
        {
            Assert.That(locations[0]!.Str("replica_state"), Is.EqualTo("out_of_sync"));
            Assert.That(locations[0]!.Str("availability_zone"), Is.EqualTo("az2"));
            Assert.That(locations[0]!["readonly"]!.GetValue<bool>(), Is.True);
        });
    }

    [Test]
    public async Task PollReplicaStates_LinkBroken_ReplicaStaysOutOfSync()
    {
        var shareId = await _demo.ReplicatedShareAsync(zone: "az1");
        var replicaId = (await _demo.CreateReplicaAsync(_host, shareId)).Str("id");
        await _host.PollUntilAsync(_demo, replicaId, "in_sync");
        await _host.WriteAsync(shareId);
        _host.Configuration["Backends:dummy1:Options:Replication:Broken"] = "true";
        try
        {
            await _host.PollReplicaStatesAsync();
            await _host.PollReplicaStatesAsync();
            var state = (await _demo.ReplicaAsync(replicaId)).Str("replica_state");

            Assert.That(state, Is.EqualTo("out_of_sync"));
        }
        finally
        {
            _host.Configuration["Backends:dummy1:Options:Replication:Broken"] = null;
        }
    }

    [Test]
    public async Task ExtendShare_Replicated_EveryReplicaGrows()
    {
        var shareId = await _demo.ReplicatedShareAsync(zone: "az1");
        var replicaId = (await _demo.CreateReplicaAsync(_host, shareId)).Str("id");

        var response = await _demo.PostAsync($"/v2/shares/{shareId}/action", new { extend = new { new_size = 3 } });
        await _host.IdleAsync();

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.Accepted), response.Body);
        Assert.That((await _demo.GetAsync($"/v2/shares/{shareId}")).Json["share"]!["size"]!.GetValue<int>(), Is.EqualTo(3));
        Assert.That((int)AccessTestSupport.Dummy(_host, "dummy2").SizeOf(replicaId), Is.EqualTo(3));
        Assert.That((await _demo.ReplicaAsync(replicaId)).Str("status"), Is.EqualTo("available"));
    }
}
