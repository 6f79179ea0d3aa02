using System.Net;
using System.Text.Json.Nodes;
using ShareHost.Tests.Infrastructure;

namespace ShareHost.Tests.Features.ShareTypes;

/// <summary>Share type calls the tests repeat: create a type with a fresh name, read one back.</summary>
public static class ShareTypeApi
{
    public static string NewName(string prefix = "type") => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 13)];

    /// <summary>Creates a type (asserting 200) and returns its id.</summary>
    public static async Task<string> CreateTypeAsync(this ApiClient client, string name, Dictionary<string, object>? extraSpecs = null, bool isPublic = true)
    {
        var specs = extraSpecs ?? [];
        specs.TryAdd("driver_handles_share_servers", "False");
        var response = await client.PostAsync("/v2/types", new Dictionary<string, object>
        {
            ["share_type"] = new Dictionary<string, object>
            {
                ["name"] = name,
                ["extra_specs"] = specs,
                ["share_type_access:is_public"] = isPublic,
            },
        });
        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.OK), response.Body);
        return response.Json["share_type"]!["id"]!.GetValue<string>();
    }

    public static async Task<JsonNode> GetTypeAsync(this ApiClient client, string idOrName)
    {
        var response = await client.GetAsync($"/v2/types/{idOrName}");
        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.OK), response.Body);
        return response.Json["share_type"]!;
    }

    public static async Task<IReadOnlyList<string>> ListTypeNamesAsync(this ApiClient client, string query = "")
    {
        var response = await client.GetAsync($"/v2/types{query}");
        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.OK), response.Body);
        return response.Json["share_types"]!.AsArray().Select(t => t!["name"]!.GetValue<string>()).ToList();
    }

    public static Task<ApiClient.Response> AddProjectAccessAsync(this ApiClient client, string typeId, string project) =>
        client.PostAsync($"/v2/types/{typeId}/action", new Dictionary<string, object> { ["addProjectAccess"] = new { project } });

    public static Task<ApiClient.Response> RemoveProjectAccessAsync(this ApiClient client, string typeId, string project) =>
        client.PostAsync($"/v2/types/{typeId}/action", new Dictionary<string, object> { ["removeProjectAccess"] = new { project } });
}
