using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using ShareHost.Api.Errors;
using ShareHost.Api.Versioning;

namespace ShareHost.Tests.Api;

/// <summary>
/// The <c>.MinVersion(...)</c> route convention on a minimal app with the real error and microversion middleware:
/// a method not available at the requested version answers 404 itemNotFound, like Manila (manila-zed §1.2).
/// </summary>
public sealed class VersionedRoutesTests
{
    private WebApplication _app = null!;
    private HttpClient _client = null!;

    [OneTimeSetUp]
    public async Task SetUp()
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseTestServer();
        builder.Services.AddRouting().AddLogging();
        _app = builder.Build();
        _app.UseMiddleware<ErrorHandlingMiddleware>();
        _app.UseMiddleware<MicroversionMiddleware>();
        _app.UseRouting();
        _app.MapGet("/v2/messages", () => TypedResults.Ok("messages")).MinVersion("2.37");
        _app.MapGet("/v2/window", () => TypedResults.Ok("window")).MinVersion("2.7", "2.44");
        _app.MapGet("/v2/experimental", () => TypedResults.Ok("experimental")).MinVersion("2.29", experimental: true);
        await _app.StartAsync();
        _client = _app.GetTestClient();
    }

    [OneTimeTearDown]
    public async Task TearDown()
    {
        _client.Dispose();
        await _app.DisposeAsync();
    }

    [TestCase("/v2/messages", "2.36")]
    [TestCase("/v2/messages", null)]
    [TestCase("/v2/window", "2.6")]
    [TestCase("/v2/window", "2.45")]
    [TestCase("/v2/experimental", "2.30")]
    public async Task Route_OutsideItsVersions_Answers404ItemNotFound(string path, string? version)
    {
        var (status, body) = await GetAsync(path, version);

        Assert.That(status, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(body["itemNotFound"]?["code"]?.GetValue<int>(), Is.EqualTo(404));
        Assert.That(body["itemNotFound"]?["message"]?.GetValue<string>(), Is.EqualTo("The resource could not be found."));
    }

    [TestCase("/v2/messages", "2.37")]
    [TestCase("/v2/messages", "latest")]
    [TestCase("/v2/window", "2.7")]
    [TestCase("/v2/window", "2.44")]
    public async Task Route_WithinItsVersions_Answers200(string path, string version)
    {
        var (status, _) = await GetAsync(path, version);

        Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task ExperimentalRoute_WithExperimentalHeader_Answers200()
    {
        var (status, _) = await GetAsync("/v2/experimental", "2.29", experimental: true);

        Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
    }

    private async Task<(HttpStatusCode Status, JsonNode Body)> GetAsync(string path, string? version, bool experimental = false)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (version is not null)
        {
            request.Headers.Add("X-OpenStack-Manila-API-Version", version);
        }

        if (experimental)
        {
            request.Headers.Add("X-OpenStack-Manila-API-Experimental", "True");
        }

        using var response = await _client.SendAsync(request);
        return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!);
    }
}
