using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using ShareHost.Tests.Infrastructure;

namespace ShareHost.Tests.Features.Mounts;

/// <summary>Mount calls and host settings the mount tests share.</summary>
public static class Mounts
{
    public static readonly string[] FourAddresses = ["10.0.0.1", "10.0.0.2", "10.0.0.3", "10.0.0.4"];

    /// <summary>dummy1 (az1) with the given addresses (healthy unless listed), a policy, and the host choosing (not the Dummy's picker).</summary>
    public static Dictionary<string, string?> Pool(string policy = "round_robin", string[]? addresses = null, int[]? weights = null,
        string[]? unhealthy = null, bool driverPicks = false, bool sticky = false)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Backends:dummy1:Mounts:Policy"] = policy,
            ["Backends:dummy1:Mounts:DriverPicks"] = driverPicks ? "true" : "false",
            ["Backends:dummy1:Mounts:Sticky"] = sticky ? "true" : "false",
        };
        var list = addresses ?? FourAddresses;
        for (var i = 0; i < list.Length; i++)
        {
            settings[$"Backends:dummy1:Options:Addresses:{i}:Address"] = list[i];
            settings[$"Backends:dummy1:Options:Addresses:{i}:Weight"] = (weights?[i] ?? 1).ToString(CultureInfo.InvariantCulture);
            settings[$"Backends:dummy1:Options:Addresses:{i}:Healthy"] = unhealthy?.Contains(list[i]) == true ? "false" : "true";
        }

        return settings;
    }

    public static Dictionary<string, string?> With(this Dictionary<string, string?> settings, string key, string? value)
    {
        settings[key] = value;
        return settings;
    }

    /// <summary>An available NFS share on dummy1 (zone az1).</summary>
    public static async Task<string> ShareAsync(ApiClient client, string zone = "az1", string protocol = "NFS")
    {
        var id = await client.CreateShareAsync(zone: zone, protocol: protocol);
        await client.WaitForShareAsync(id, "available");
        return id;
    }

    public static Task<ApiClient.Response> MountAsync(ApiClient client, string shareId, string mountClient = "192.0.2.10",
        string? level = null, int? seconds = null, bool? exclusive = null)
    {
        var mount = new Dictionary<string, object?> { ["client"] = mountClient };
        if (level is not null)
        {
            mount["access_level"] = level;
        }

        if (seconds is not null)
        {
            mount["lease_seconds"] = seconds;
        }

        if (exclusive is not null)
        {
            mount["exclusive"] = exclusive;
        }

        return client.PostAsync($"/v2/shares/{shareId}/action", new { mount });
    }

    /// <summary>Mounts and asserts 200; returns the mount object.</summary>
    public static async Task<JsonNode> MountOkAsync(ApiClient client, string shareId, string mountClient = "192.0.2.10",
        string? level = null, int? seconds = null, bool? exclusive = null)
    {
        var response = await MountAsync(client, shareId, mountClient, level, seconds, exclusive);
        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.OK), response.Body);
        return response.Json["mount"]!;
    }

    public static Task<ApiClient.Response> RenewAsync(ApiClient client, string mountId, int? seconds = null) =>
        client.PostAsync($"/v2/sharehost/mounts/{mountId}/action",
            seconds is null ? new Dictionary<string, object?> { ["renew"] = null } : new Dictionary<string, object?> { ["renew"] = new { lease_seconds = seconds } });

    public static Task<ApiClient.Response> ReleaseAsync(ApiClient client, string mountId) =>
        client.PostAsync($"/v2/sharehost/mounts/{mountId}/action", new Dictionary<string, object?> { ["release"] = null });

    public static async Task<JsonNode> ShowAsync(ApiClient client, string mountId)
    {
        var response = await client.GetAsync($"/v2/sharehost/mounts/{mountId}");
        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.OK), response.Body);
        return response.Json["mount"]!;
    }

    /// <summary>The address pool of a backend as /v2/sharehost/address-pools shows it.</summary>
    public static async Task<JsonNode> AddressPoolAsync(ApiClient admin, string backend = "dummy1")
    {
        var response = await admin.GetAsync("/v2/sharehost/address-pools");
        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.OK), response.Body);
        return response.Json["address_pools"]!.AsArray().Single(p => p!["backend"]!.GetValue<string>() == backend)!;
    }

    /// <summary>Live mounts per address from the address-pools endpoint.</summary>
    public static async Task<Dictionary<string, int>> LiveMountsAsync(ApiClient admin, string backend = "dummy1") =>
        (await AddressPoolAsync(admin, backend))["addresses"]!.AsArray()
            .ToDictionary(a => a!["address"]!.GetValue<string>(), a => a!["live_mounts"]!.GetValue<int>());

    public static string Address(this JsonNode mount) => mount["address"]!.GetValue<string>();

    public static string Id(this JsonNode mount) => mount["id"]!.GetValue<string>();

    public static long Token(this JsonNode mount) => mount["lease"]!["fencing_token"]!.GetValue<long>();

    public static string State(this JsonNode mount) => mount["lease"]!["state"]!.GetValue<string>();

    /// <summary>Polls until <paramref name="done"/> holds (bounded).</summary>
    public static async Task EventuallyAsync(Func<Task<bool>> done, string what, int seconds = 20)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!await done())
        {
            Assert.That(DateTime.UtcNow, Is.LessThan(deadline), $"not within {seconds} s: {what}");
            await Task.Delay(50);
        }
    }
}
