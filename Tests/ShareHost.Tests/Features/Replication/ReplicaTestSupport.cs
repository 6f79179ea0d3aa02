using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using ShareHost.Features.Replicas.States;
using ShareHost.Tests.Infrastructure;

namespace ShareHost.Tests.Features.Replication;

/// <summary>Hosts whose two Dummy backends replicate (readable, one domain), and the calls replica tests share.</summary>
public static class ReplicaTestSupport
{
    public const string ReplicatedType = "replicated";

    /// <summary>Both default backends: pool-a offers readable replication in domain d1; replicas catch up on the second poll.</summary>
    public static Dictionary<string, string?> Settings(int lagPolls = 2)
    {
        var settings = new Dictionary<string, string?>();
        foreach (var backend in new[] { "dummy1", "dummy2" })
        {
            settings[$"Backends:{backend}:Options:Pools:0:ReplicationType"] = "readable";
            settings[$"Backends:{backend}:Options:Pools:0:ReplicationDomain"] = "d1";
            settings[$"Backends:{backend}:Options:Replication:LagPolls"] = lagPolls.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return settings;
    }

    /// <summary>Creates the public share type <c>replicated</c> (replication_type=readable) once.</summary>
    public static async Task CreateReplicatedTypeAsync(this ApiClient admin, string name = ReplicatedType, string replicationType = "readable")
    {
        var response = await admin.PostAsync("/v2/types", new
        {
            share_type = new Dictionary<string, object>
            {
                ["name"] = name,
                ["extra_specs"] = new Dictionary<string, string> { ["driver_handles_share_servers"] = "false", ["replication_type"] = replicationType },
                ["share_type_access:is_public"] = true,
            },
        });
        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.OK), response.Body);
    }

    /// <summary>An available share of the replicated type in <paramref name="zone"/>.</summary>
    public static async Task<string> ReplicatedShareAsync(this ApiClient client, string zone = "az1", string type = ReplicatedType)
    {
        var id = await client.CreateShareAsync(type: type, zone: zone);
        await client.WaitForShareAsync(id, "available");
        return id;
    }

    /// <summary>Creates a replica of the share and waits until it leaves <c>creating</c>; returns the replica's detail.</summary>
    public static async Task<JsonNode> CreateReplicaAsync(this ApiClient client, TestHost host, string shareId, string? zone = null)
    {
        var response = await client.PostAsync("/v2/share-replicas", new { share_replica = new { share_id = shareId, availability_zone = zone } });
        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.Accepted), response.Body);
        await host.IdleAsync();
        return await client.ReplicaAsync(response.Json["share_replica"]!["id"]!.GetValue<string>());
    }

    public static async Task<JsonNode> ReplicaAsync(this ApiClient client, string replicaId)
    {
        var response = await client.GetAsync($"/v2/share-replicas/{replicaId}");
        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.OK), response.Body);
        return response.Json["share_replica"]!;
    }

    public static Task<ApiClient.Response> ReplicaActionAsync(this ApiClient client, string replicaId, string action, object? value = null) =>
        client.PostAsync($"/v2/share-replicas/{replicaId}/action", new Dictionary<string, object?> { [action] = value });

    /// <summary>One pass of the replica state poll (what the Quartz job runs).</summary>
    public static Task<int> PollReplicaStatesAsync(this TestHost host) =>
        host.Services.GetRequiredService<ReplicaStateUpdater>().PollAllAsync(CancellationToken.None);

    /// <summary>Polls until the replica reports <paramref name="state"/> (bounded); returns how many polls it took.</summary>
    public static async Task<int> PollUntilAsync(this TestHost host, ApiClient client, string replicaId, string state, int maxPolls = 10)
    {
        for (var polls = 1; polls <= maxPolls; polls++)
        {
            await host.PollReplicaStatesAsync();
            if ((await client.ReplicaAsync(replicaId))["replica_state"]!.GetValue<string>() == state)
            {
                return polls;
            }
        }

        Assert.Fail($"replica {replicaId} did not reach '{state}' within {maxPolls} polls");
        return maxPolls;
    }

    public static string Str(this JsonNode node, string key) => node[key]!.GetValue<string>();
}
