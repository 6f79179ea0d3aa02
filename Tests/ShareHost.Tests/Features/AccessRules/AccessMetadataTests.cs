using System.Net;
using ShareHost.Tests.Api;
using ShareHost.Tests.Features.Shares;
using ShareHost.Tests.Infrastructure;

namespace ShareHost.Tests.Features.AccessRules;

/// <summary>Access rule metadata (2.45+): given with allow, merged by PUT, removed one key at a time, and a list filter.</summary>
public sealed class AccessMetadataTests
{
    private TestHost _host = null!;
    private ApiClient _admin = null!;

    // One host for the fixture: each test works on shares and rules of its own.
    [OneTimeSetUp]
    public void SetUp()
    {
        _host = new TestHost();
        _admin = _host.Client();
    }

    [OneTimeTearDown]
    public void TearDown()
    {
        _admin.Dispose();
        _host.Dispose();
    }

    [Test]
    public async Task AllowAccess_WithMetadata_ShownOnTheRule()
    {
        var shareId = await _admin.AvailableShareAsync();

        var response = await _admin.AllowAsync(shareId, "ip", "10.0.0.1", metadata: new { key1 = "v1" });

        Assert.That(response.Json["access"]!["metadata"]!.ToJsonString(), Is.EqualTo("{\"key1\":\"v1\"}"));
        var shown = await _admin.GetAsync($"/v2/share-access-rules/{response.Json["access"]!["id"]}");
        Assert.That(shown.Json["access"]!["metadata"]!["key1"]!.GetValue<string>(), Is.EqualTo("v1"));
    }

    [Test]
    public async Task SetMetadata_MergesAndAnswersEveryItem()
    {
        var shareId = await _admin.AvailableShareAsync();
        var accessId = (await _admin.AllowAsync(shareId, "ip", "10.0.0.1", metadata: new { a = "1", b = "2" })).Json["access"]!["id"]!.GetValue<string>();

        var response = await _admin.PutAsync($"/v2/share-access-rules/{accessId}/metadata", new { metadata = new { b = "20", c = "3" } });

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.OK), response.Body);
        Assert.That(response.Json["metadata"]!.AsObject().ToDictionary(p => p.Key, p => p.Value!.GetValue<string>()),
            Is.EquivalentTo(new Dictionary<string, string> { ["a"] = "1", ["b"] = "20", ["c"] = "3" }));
        var shown = (await _admin.GetAsync($"/v2/share-access-rules/{accessId}")).Json["access"]!;
        Assert.That(shown["metadata"]!.AsObject().Count, Is.EqualTo(3));
        Assert.That(shown["updated_at"], Is.Not.Null);
    }

    [Test]
    public async Task UnsetMetadata_RemovesTheKey_AndAMissingKeyIs404()
    {
        var shareId = await _admin.AvailableShareAsync();
        var accessId = (await _admin.AllowAsync(shareId, "ip", "10.0.0.1", metadata: new { a = "1", b = "2" })).Json["access"]!["id"]!.GetValue<string>();

        var removed = await _admin.DeleteAsync($"/v2/share-access-rules/{accessId}/metadata/a");
        var missing = await _admin.DeleteAsync($"/v2/share-access-rules/{accessId}/metadata/a");

        Assert.That(removed.Status, Is.EqualTo(HttpStatusCode.OK), removed.Body);
        Fault.AssertIs(missing, HttpStatusCode.NotFound, "a");
        var shown = (await _admin.GetAsync($"/v2/share-access-rules/{accessId}")).Json["access"]!;
        Assert.That(shown["metadata"]!.AsObject().Select(p => p.Key), Is.EqualTo(new[] { "b" }));
    }

    [TestCase("{}", "metadata", "required")]
    [TestCase("{\"metadata\": {\"\": \"v\"}}", "metadata", "1 to 255")]
    [TestCase("{\"metadata\": {\"k\": \"\"}}", "metadata", "1 to 1023")]
    [TestCase("{\"metadata\": {\"k\": 5}}", "metadata", "")]
    [TestCase("{\"metadata\": [\"k\"]}", "metadata", "")]
    public async Task SetMetadata_BadBody_400NamingMetadata(string body, string field, string reason)
    {
        var shareId = await _admin.AvailableShareAsync();
        var accessId = await _admin.AllowOkAsync(shareId, "ip", "10.0.0.1");

        var response = await _admin.SendAsync(HttpMethod.Put, $"/v2/share-access-rules/{accessId}/metadata", rawBody: body);

        Fault.AssertIs(response, HttpStatusCode.BadRequest, field, reason);
    }

    [Test]
    public async Task SetMetadata_UnknownRule_404()
    {
        var response = await _admin.PutAsync($"/v2/share-access-rules/{Guid.NewGuid()}/metadata", new { metadata = new { k = "v" } });

        Fault.AssertIs(response, HttpStatusCode.NotFound);
    }

    [Test]
    public async Task SetMetadata_Before2_45_404()
    {
        using var old = _host.Client(version: "2.44");

        var response = await old.PutAsync($"/v2/share-access-rules/{Guid.NewGuid()}/metadata", new { metadata = new { k = "v" } });

        Fault.AssertIs(response, HttpStatusCode.NotFound);
    }

    [Test]
    public async Task ListAccessRules_FilteredByMetadataAndType_ShowsOnlyMatches()
    {
        var shareId = await _admin.AvailableShareAsync();
        var tagged = (await _admin.AllowAsync(shareId, "ip", "10.0.0.1", metadata: new { team = "red" })).Json["access"]!["id"]!.GetValue<string>();
        await _admin.AllowAsync(shareId, "ip", "10.0.0.2", metadata: new { team = "blue" });
        await _admin.AllowAsync(shareId, "ip", "10.0.0.3", level: "ro");

        var byMetadata = await _admin.GetAsync($"/v2/share-access-rules?share_id={shareId}&metadata={Uri.EscapeDataString("{'team': 'red'}")}");
        var byLevel = await _admin.GetAsync($"/v2/share-access-rules?share_id={shareId}&access_level=ro");

        Assert.That(byMetadata.Json["access_list"]!.AsArray().Select(r => r!["id"]!.GetValue<string>()), Is.EqualTo(new[] { tagged }));
        Assert.That(byLevel.Json["access_list"]!.AsArray().Select(r => r!["access_to"]!.GetValue<string>()), Is.EqualTo(new[] { "10.0.0.3" }));
    }
}
