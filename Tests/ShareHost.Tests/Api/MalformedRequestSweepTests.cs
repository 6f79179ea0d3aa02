using System.Net.Http.Headers;
using System.Text;
using ShareHost.Tests.Infrastructure;

namespace ShareHost.Tests.Api;

/// <summary>
/// A sweep of malformed requests at the share endpoints: whatever arrives, the answer is a 4xx with Manila's fault
/// body, never a 5xx (issue 2: "No input ever produces a 500").
/// </summary>
public sealed class MalformedRequestSweepTests
{
    private const string ShareIdPlaceholder = "{share}";

    private static readonly string Deep = new string('[', 200) + new string(']', 200);

    private TestHost _host = null!;
    private ApiClient _admin = null!;
    private ApiClient _demo = null!;
    private string _shareId = null!;

    public static IEnumerable<TestCaseData> CreateBodies()
    {
        string[] bodies =
        [
            "", "{", "}", "[", "null", "0", "-1", "\"\"", "[]", "{}", "{\"share\":", "{\"share\": {", "{\"share\": [1, 2]}",
            "{\"share\": {\"size\": \"\"}}", "{\"share\": {\"size\": 1e400, \"share_proto\": \"NFS\"}}",
            "{\"share\": {\"size\": -2147483649, \"share_proto\": \"NFS\"}}", "{\"share\": {\"size\": NaN, \"share_proto\": \"NFS\"}}",
            "{\"share\": {\"size\": 1, \"share_proto\": 7}}", "{\"share\": {\"size\": 1, \"share_proto\": [\"NFS\"]}}",
            "{\"share\": {\"size\": 1, \"share_proto\": \"NFS\", \"is_public\": \"perhaps\"}}",
            "{\"share\": {\"size\": 1, \"share_proto\": \"NFS\", \"is_public\": 2}}",
            "{\"share\": {\"size\": 1, \"share_proto\": \"NFS\", \"metadata\": " + Deep + "}}",
            "{\"share\": {\"size\": 1, \"share_proto\": \"NFS\", \"availability_zone\": 3}}",
            "{\"share\": {\"size\": 1, \"share_proto\": \"NFS\", \"share_type\": {\"id\": 1}}}",
            "{\"share\": {\"size\": 1, \"share_proto\": \"NFS\", \"snapshot_id\": \"" + Guid.NewGuid() + "\"}}",
            "{\"share\": {\"size\": 1, \"share_proto\": \"NFS\", \"share_group_id\": \"g\"}}",
            "{\"share\": {\"size\": 1, \"share_proto\": \"NFS\", \"scheduler_hints\": []}}",
            "{\"share\": {\"size\": 1, \"share_proto\": \"NFS\", \"metadata\": {\"k\": \"" + new string('v', 5000) + "\"}}}",
            "{\"share\": {\"size\": 1, \"share_proto\": \"NFS\", \"name\": \"\\ud800\"}}",
            "{\"share\": {\"size\": 1, \"share_proto\": \"NFS\"}} {\"again\": 1}",
            "/* comment */ {\"share\": {\"size\": 1, \"share_proto\": \"NFS\"}}",
            Deep,
        ];
        return bodies.Select((body, i) => new TestCaseData("POST", "/v2/shares", body).SetName($"Create_{i:00}"));
    }

    public static IEnumerable<TestCaseData> UpdateBodies()
    {
        string[] bodies = ["", "{", "[]", "{\"share\": 1}", "{\"share\": {\"size\": \"x\"}}", Deep, "{\"share\": {\"display_name\": [1]}}"];
        return bodies.Select((body, i) => new TestCaseData("PUT", $"/v2/shares/{ShareIdPlaceholder}", body).SetName($"Update_{i:00}"));
    }

    public static IEnumerable<TestCaseData> ActionBodies()
    {
        string[] bodies =
        [
            "", "{", "null", "[]", "\"reset_status\"", "{}", "{\"reset_status\": {\"status\": \"error\"}, \"force_delete\": null}",
            "{\"no_such_action\": {}}", "{\"os-reset_status\": {\"status\": \"error\"}}", "{\"reset_status\": null}",
            "{\"reset_status\": \"error\"}", "{\"reset_status\": []}", "{\"reset_status\": {}}", "{\"reset_status\": {\"status\": 5}}",
            "{\"reset_status\": {\"status\": \"bogus\"}}", "{\"reset_status\": {\"status\": \"error\", \"why\": \"x\"}}",
            "{\"reset_status\": " + Deep + "}", "{\"reset_status\": {\"status\": \"error\"}",
        ];
        return bodies.Select((body, i) => new TestCaseData("POST", $"/v2/shares/{ShareIdPlaceholder}/action", body).SetName($"Action_{i:00}"));
    }

    public static IEnumerable<TestCaseData> ListQueries()
    {
        string[] queries =
        [
            "limit=-1", "limit=abc", "limit=2147483648", "limit=1e3", "offset=-3", "offset=1.0", "sort_key=bogus",
            "sort_key=name&sort_key=size", "sort_key=s.id;--", "sort_dir=sideways", "sort_dir=asc&sort_dir=desc", "is_public=maybe",
            "metadata=notadict", "metadata=%7B", "metadata=%5B%5D", "metadata=" + Uri.EscapeDataString(Deep), "extra_specs=1",
            "with_count=2", "all_tenants=tenants", "is_soft_deleted=x",
        ];
        return queries.SelectMany((query, i) => new[]
        {
            new TestCaseData("GET", "/v2/shares?" + query, null).SetName($"List_{i:00}"),
            new TestCaseData("GET", "/v2/shares/detail?" + query, null).SetName($"ListDetail_{i:00}"),
        });
    }

    [OneTimeSetUp]
    public async Task SetUp()
    {
        _host = new TestHost();
        _admin = _host.Client();
        _demo = _host.Client(TestHost.DemoToken);
        _shareId = await _demo.CreateShareAsync(name: "target");
        await _demo.WaitForShareAsync(_shareId, "available");
    }

    [OneTimeTearDown]
    public void TearDown()
    {
        _admin.Dispose();
        _demo.Dispose();
        _host.Dispose();
    }

    [TestCaseSource(nameof(CreateBodies))]
    [TestCaseSource(nameof(UpdateBodies))]
    [TestCaseSource(nameof(ActionBodies))]
    [TestCaseSource(nameof(ListQueries))]
    public async Task Request_Malformed_Answers4xxFault(string method, string path, string? body)
    {
        path = path.Replace(ShareIdPlaceholder, _shareId, StringComparison.Ordinal);

        foreach (var client in new[] { _admin, _demo })
        {
            var response = await client.SendAsync(new HttpMethod(method), path, rawBody: body);

            Fault.AssertClientError(response, $"{method} {path} {Shorten(body)}");
        }
    }

    [Test]
    public async Task Request_InvalidUtf8Body_Answers4xxFault()
    {
        var bytes = Encoding.UTF8.GetBytes("{\"share\": {\"size\": 1, \"share_proto\": \"NFS\", \"name\": \"\"}}").ToList();
        bytes.InsertRange(bytes.Count - 4, new byte[] { 0xC3, 0x28, 0xFF });

        var response = await _admin.SendAsync(HttpMethod.Post, "/v2/shares", configure: request =>
        {
            request.Content = new ByteArrayContent(bytes.ToArray());
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        });

        Fault.AssertClientError(response, "invalid UTF-8");
    }

    [Test]
    public async Task Target_StillAvailableAfterTheSweep()
    {
        var share = await _demo.GetAsync($"/v2/shares/{_shareId}");

        Assert.That(share.Json["share"]!["status"]!.GetValue<string>(), Is.EqualTo("available"));
    }

    private static string Shorten(string? body) => body is null ? "" : body.Length <= 80 ? body : body[..80] + "…";
}
