using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using ShareHost.Abstractions;
using ShareHost.Features.AccessRules.Sync;
using ShareHost.Features.Backends;
using ShareHost.Tests.Infrastructure;

namespace ShareHost.Tests.Features.AccessRules;

/// <summary>Steps the access rule tests share: allow, deny, list, wait for states, and the Dummy driver's own record.</summary>
public static class AccessTestSupport
{
    public static Task<ApiClient.Response> AllowAsync(this ApiClient client, string shareId, string type, string to, string? level = null, object? metadata = null)
    {
        var access = new Dictionary<string, object?> { ["access_type"] = type, ["access_to"] = to };
        if (level is not null)
        {
            access["access_level"] = level;
        }

        if (metadata is not null)
        {
            access["metadata"] = metadata;
        }

        return client.PostAsync($"/v2/shares/{shareId}/action", new Dictionary<string, object> { [ActionKey(client, "allow_access")] = access });
    }

    /// <summary>Allows and asserts 200; the new rule's id.</summary>
    public static async Task<string> AllowOkAsync(this ApiClient client, string shareId, string type, string to, string? level = null)
    {
        var response = await client.AllowAsync(shareId, type, to, level);
        Assert.That(response.Status, Is.EqualTo(System.Net.HttpStatusCode.OK), response.Body);
        return response.Json["access"]!["id"]!.GetValue<string>();
    }

    public static Task<ApiClient.Response> DenyAsync(this ApiClient client, string shareId, string accessId) =>
        client.PostAsync($"/v2/shares/{shareId}/action", new Dictionary<string, object> { [ActionKey(client, "deny_access")] = new { access_id = accessId } });

    /// <summary>The share's rules through <c>GET /v2/share-access-rules?share_id=</c>.</summary>
    public static async Task<JsonArray> RulesAsync(this ApiClient client, string shareId)
    {
        var response = await client.GetAsync($"/v2/share-access-rules?share_id={shareId}");
        Assert.That(response.Status, Is.EqualTo(System.Net.HttpStatusCode.OK), response.Body);
        return response.Json["access_list"]!.AsArray();
    }

    /// <summary>Polls until every listed rule is in <paramref name="state"/> (bounded: 20 s); returns the list.</summary>
    public static async Task<JsonArray> WaitForRulesAsync(this ApiClient client, string shareId, string state, int? count = null)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        JsonArray rules = [];
        while (DateTime.UtcNow < deadline)
        {
            rules = await client.RulesAsync(shareId);
            if ((count is null || rules.Count == count) && rules.All(r => r!["state"]!.GetValue<string>() == state))
            {
                return rules;
            }

            await Task.Delay(20);
        }

        Assert.Fail($"the rules of share {shareId} did not all reach '{state}'; last seen: {rules.ToJsonString()}");
        return rules;
    }

    /// <summary>Polls one rule until it is in <paramref name="state"/>, or until it is gone when <paramref name="state"/> is null.</summary>
    public static async Task<JsonNode?> WaitForRuleAsync(this ApiClient client, string accessId, string? state)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        ApiClient.Response? last = null;
        while (DateTime.UtcNow < deadline)
        {
            last = await client.GetAsync($"/v2/share-access-rules/{accessId}");
            if (state is null && last.Status == System.Net.HttpStatusCode.NotFound)
            {
                return null;
            }

            if (state is not null && last.Status == System.Net.HttpStatusCode.OK && last.Json["access"]!["state"]!.GetValue<string>() == state)
            {
                return last.Json["access"];
            }

            await Task.Delay(20);
        }

        Assert.Fail($"access rule {accessId} did not reach '{state ?? "removed"}'; last seen: {last?.Status} {last?.Body}");
        return null;
    }

    /// <summary>Waits until no access sync is running or due.</summary>
    public static Task AccessIdleAsync(this TestHost host) =>
        host.Services.GetRequiredService<AccessSyncService>().WhenIdleAsync(TimeSpan.FromSeconds(30));

    /// <summary>
    /// The Dummy driver instance of a backend. It is the plugin's type from another load context, so the test reads its
    /// public members late-bound.
    /// </summary>
    public static dynamic Dummy(this TestHost host, string backend = "dummy1") =>
        host.Services.GetRequiredService<BackendRegistry>().Find(backend)!.Driver!;

    public static int AccessCalls(this TestHost host, string backend = "dummy1") => (int)host.Dummy(backend).AccessCallCount;

    public static AccessUpdate? LastAccessUpdate(this TestHost host, string backend = "dummy1") => (AccessUpdate?)host.Dummy(backend).LastAccessUpdate;

    public static IReadOnlyList<DriverAccessRule> AppliedRules(this TestHost host, string instanceId, string backend = "dummy1") =>
        (IReadOnlyList<DriverAccessRule>)host.Dummy(backend).AppliedAccessRules(instanceId);

    /// <summary>
    /// How long a deliberately slow access call lasts when a test must see a rule or share in a transitional state
    /// (applying, denying, syncing). Long enough that a poll delayed on a loaded machine still lands inside the call:
    /// windows of 300–500 ms were missed in CI.
    /// </summary>
    public const string SlowAccessCallMs = "3000";

    /// <summary>Sets a setting on both default Dummy backends' options (read live for LatencyMs and Faults).</summary>
    public static void SetDummyOption(this TestHost host, string key, string? value)
    {
        host.Configuration[$"Backends:dummy1:Options:{key}"] = value;
        host.Configuration[$"Backends:dummy2:Options:{key}"] = value;
    }

    /// <summary>Settings for both default Dummy backends.</summary>
    public static Dictionary<string, string?> DummyOptions(params (string Key, string Value)[] options)
    {
        var settings = new Dictionary<string, string?>();
        foreach (var (key, value) in options)
        {
            settings[$"Backends:dummy1:Options:{key}"] = value;
            settings[$"Backends:dummy2:Options:{key}"] = value;
        }

        return settings;
    }

    /// <summary>The primary instance id of a share (admin view of its instances).</summary>
    public static async Task<string> InstanceIdAsync(this TestHost host, string shareId)
    {
        using var admin = host.Client();
        var response = await admin.GetAsync($"/v2/shares/{shareId}/instances");
        return response.Json["share_instances"]![0]!["id"]!.GetValue<string>();
    }

    /// <summary>The backend name from a share's admin view (<c>host@backend#pool</c>).</summary>
    public static async Task<string> BackendOfAsync(this TestHost host, string shareId)
    {
        using var admin = host.Client();
        var hostField = (await admin.GetAsync($"/v2/shares/{shareId}")).Json["share"]!["host"]!.GetValue<string>();
        return hostField[(hostField.IndexOf('@') + 1)..hostField.IndexOf('#')];
    }

    private static string ActionKey(ApiClient client, string name) =>
        client.Version is { } version && global::ShareHost.Api.Versioning.ApiVersion.Parse(version) < new global::ShareHost.Api.Versioning.ApiVersion(2, 7) ? "os-" + name : name;
}
