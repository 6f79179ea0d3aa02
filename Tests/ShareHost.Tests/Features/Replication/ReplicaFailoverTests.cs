using System.Net;
using Microsoft.Extensions.DependencyInjection;
using ShareHost.Features.Backends;
using ShareHost.Tests.Features.AccessRules;
using ShareHost.Tests.Infrastructure;

namespace ShareHost.Tests.Features.Replication;

/// <summary>Promotion while the active replica's backend is unreachable (its own host: it takes a backend down).</summary>
public sealed class ReplicaFailoverTests
{
    [Test]
    public async Task PromoteReplica_OldActiveBackendDown_SucceedsAndMarksTheOldActiveError()
    {
        using var host = new TestHost(settings: ReplicaTestSupport.Settings(lagPolls: 1));
        using var admin = host.Client();
        await admin.CreateReplicatedTypeAsync();
        var shareId = await admin.ReplicatedShareAsync(zone: "az1");
        var oldActive = await host.InstanceIdAsync(shareId);
        var replicaId = (await admin.CreateReplicaAsync(host, shareId)).Str("id");
        await host.PollUntilAsync(admin, replicaId, "in_sync");
        var registry = host.Services.GetRequiredService<BackendRegistry>();
        host.Configuration["Backends:dummy1:Options:Faults:GetStats:FailEveryNth"] = "1";
        await registry.RefreshStatsAsync(registry.Find("dummy1")!, CancellationToken.None);

        var response = await admin.ReplicaActionAsync(replicaId, "promote");
        await host.IdleAsync();

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.Accepted), response.Body);
        var share = (await admin.GetAsync($"/v2/shares/{shareId}")).Json["share"]!;
        Assert.Multiple(async () =>
        {
            Assert.That((await admin.ReplicaAsync(replicaId)).Str("replica_state"), Is.EqualTo("active"));
            Assert.That((await admin.ReplicaAsync(oldActive)).Str("replica_state"), Is.EqualTo("error"));
            Assert.That(share.Str("host"), Is.EqualTo("sharehost@dummy2#pool-a"));
            Assert.That(share.Str("status"), Is.EqualTo("available"));
        });

        host.Configuration["Backends:dummy1:Options:Faults:GetStats:FailEveryNth"] = null;
        await registry.RefreshStatsAsync(registry.Find("dummy1")!, CancellationToken.None);
        var polls = await host.PollUntilAsync(admin, oldActive, "in_sync");
        Assert.That(polls, Is.LessThanOrEqualTo(2), "once back, the old active replica is repaired by the state poll");
    }

    [Test]
    public async Task CreateReplica_PeerUnreachable_ReplicaInErrorWithAMessage()
    {
        using var host = new TestHost(settings: ReplicaTestSupport.Settings(lagPolls: 1));
        using var admin = host.Client();
        await admin.CreateReplicatedTypeAsync();
        var shareId = await admin.ReplicatedShareAsync(zone: "az1");
        host.Configuration["Backends:dummy2:Options:Replication:Unreachable"] = "true";

        var replica = await admin.CreateReplicaAsync(host, shareId);

        var messages = await admin.GetAsync($"/v2/messages?resource_id={replica.Str("id")}");
        Assert.That(replica.Str("status"), Is.EqualTo("error"));
        Assert.That(replica.Str("replica_state"), Is.EqualTo("error"));
        Assert.That(messages.Json["messages"]!.AsArray(), Is.Not.Empty);
    }

    [Test]
    public async Task CreateReplica_ShareReplicasQuotaReached_OverLimitAndNothingCreated()
    {
        using var host = new TestHost(settings: ReplicaTestSupport.Settings(lagPolls: 1));
        using var admin = host.Client();
        using var demo = host.Client(TestHost.DemoToken);
        await admin.CreateReplicatedTypeAsync();
        var quota = await admin.PutAsync("/v2/quota-sets/demoproject", new { quota_set = new { share_replicas = 1 } });
        var shareId = await demo.ReplicatedShareAsync(zone: "az1");

        var response = await demo.PostAsync("/v2/share-replicas", new { share_replica = new { share_id = shareId } });

        Assert.That(quota.Status, Is.EqualTo(HttpStatusCode.OK), quota.Body);
        Assert.That((int)response.Status, Is.EqualTo(413), response.Body);
        Assert.That(response.ErrorMessage, Does.Contain("share-replicas"));
        Assert.That((await demo.GetAsync($"/v2/share-replicas?share_id={shareId}")).Json["share_replicas"]!.AsArray(), Has.Count.EqualTo(1));
    }
}
