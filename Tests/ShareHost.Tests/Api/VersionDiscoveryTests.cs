using System.Net;
using System.Text.Json.Nodes;
using ShareHost.Api.Versioning;
using ShareHost.Tests.Infrastructure;

namespace ShareHost.Tests.Api;

/// <summary>What the stock manila CLI needs to negotiate a modern microversion (manila-zed §1.4, §9.2).</summary>
public sealed class VersionDiscoveryTests
{
    private TestHost _host = null!;

    [OneTimeSetUp]
    public void SetUp() => _host = new TestHost();

    [OneTimeTearDown]
    public void TearDown() => _host.Dispose();

    [Test]
    public async Task Root_AsTheStockClientAsks_Answers300WithACurrentVersionItCanNegotiate()
    {
        using var http = _host.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.Add("X-Openstack-Manila-Api-Version", "2.72");
        request.Headers.Add("Accept", "application/json");
        request.Headers.Add("User-Agent", "python-manilaclient");

        using var response = await http.SendAsync(request);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.MultipleChoices));
        var current = body["versions"]!.AsArray().First(v => v!["status"]!.GetValue<string>() == "CURRENT")!;
        Assert.Multiple(() =>
        {
            Assert.That(ApiVersion.Parse(current["version"]!.GetValue<string>()), Is.GreaterThanOrEqualTo(new ApiVersion(2, 72)));
            Assert.That(current["min_version"]!.GetValue<string>(), Is.EqualTo("2.0"));
            Assert.That(current["id"]!.GetValue<string>(), Is.EqualTo("v2.0"));
            Assert.That(current["links"]!.AsArray().Any(l => l!["rel"]!.GetValue<string>() == "self" && l["href"]!.GetValue<string>().EndsWith("/v2/", StringComparison.Ordinal)));
        });
    }

    [Test]
    public async Task Root_ListsTheDeprecatedV1Too()
    {
        using var http = _host.CreateClient();

        using var response = await http.GetAsync("/");
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        var v1 = body["versions"]!.AsArray().Single(v => v!["id"]!.GetValue<string>() == "v1.0")!;
        Assert.That(v1["status"]!.GetValue<string>(), Is.EqualTo("DEPRECATED"));
    }

    [Test]
    public async Task Root_HasNoVersionHeaders()
    {
        using var http = _host.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.Add("X-Openstack-Manila-Api-Version", "9.9");

        using var response = await http.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.MultipleChoices), "the root is not versioned, so any header is ignored");
        Assert.That(response.Headers.Contains("X-OpenStack-Manila-API-Version"), Is.False);
    }

    [Test]
    public async Task Version2Document_EchoesTheNegotiatedVersion()
    {
        using var http = _host.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v2/");
        request.Headers.Add("X-Openstack-Manila-Api-Version", "2.72");

        using var response = await http.SendAsync(request);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Headers.GetValues("X-OpenStack-Manila-API-Version").Single(), Is.EqualTo("2.72"));
        Assert.That(body["versions"]![0]!["status"]!.GetValue<string>(), Is.EqualTo("CURRENT"));
    }
}
