using System.Net;
using ShareHost.Tests.Api;
using ShareHost.Tests.Infrastructure;

namespace ShareHost.Tests.Features.Snapshots;

/// <summary>Issue 5 "Bad input": every refusal is a 4xx naming the reason, and nothing is stored or asked of a driver.</summary>
public sealed class SnapshotBadInputTests
{
    private TestHost _host = null!;
    private ApiClient _demo = null!;
    private ApiClient _reader = null!;

    [OneTimeSetUp]
    public async Task SetUp()
    {
        _host = new TestHost();
        _demo = _host.Client(TestHost.DemoToken);
        _reader = _host.Client(TestHost.ReaderToken);
        await _host.CreateSnapshotTypeAsync();
    }

    [OneTimeTearDown]
    public void TearDown()
    {
        _demo.Dispose();
        _reader.Dispose();
        _host.Dispose();
    }

    [Test]
    public async Task CreateSnapshot_ShareNotAvailable_Answers400AndStoresNothing()
    {
        using var admin = _host.Client();
        var share = await _demo.SnapshotableShareAsync();
        await admin.PostAsync($"/v2/shares/{share}/action", new { reset_status = new { status = "error" } });

        var response = await _demo.PostSnapshotAsync(share);

        Fault.AssertIs(response, HttpStatusCode.BadRequest, "available", "error");
        Assert.That(await _host.CountAsync("SELECT COUNT(*) FROM snapshots WHERE share_id = @share", new { share }), Is.Zero);
    }

    [Test]
    public async Task CreateSnapshot_ShareBeingExtended_Answers400()
    {
        var share = await _demo.SnapshotableShareAsync();
        _host.Configuration["Backends:dummy1:Options:LatencyMs:ExtendShare"] = "1500";
        _host.Configuration["Backends:dummy2:Options:LatencyMs:ExtendShare"] = "1500";
        await _demo.PostAsync($"/v2/shares/{share}/action", new { extend = new { new_size = 2 } });

        var response = await _demo.PostSnapshotAsync(share);
        await _demo.WaitForShareAsync(share, "available");
        _host.Configuration["Backends:dummy1:Options:LatencyMs:ExtendShare"] = "0";
        _host.Configuration["Backends:dummy2:Options:LatencyMs:ExtendShare"] = "0";

        Fault.AssertIs(response, HttpStatusCode.BadRequest, "extending");
    }

    [Test]
    public async Task CreateSnapshot_TypeWithoutSnapshotSupport_Answers422()
    {
        var share = await _demo.CreateShareAsync();
        await _demo.WaitForShareAsync(share, "available");

        var response = await _demo.PostSnapshotAsync(share);

        Fault.AssertIs(response, HttpStatusCode.UnprocessableEntity, "snapshot_support");
        Assert.That(await _host.CountAsync("SELECT COUNT(*) FROM snapshots WHERE share_id = @share", new { share }), Is.Zero);
    }

    [Test]
    public async Task CreateSnapshot_AnotherProjectsShare_Answers404()
    {
        using var other = _host.Client(TestHost.OtherToken);
        var share = await _demo.SnapshotableShareAsync();

        var response = await other.PostSnapshotAsync(share);

        Fault.AssertIs(response, HttpStatusCode.NotFound, share);
    }

    [Test]
    public async Task CreateSnapshot_Reader_Answers403()
    {
        var share = await _demo.SnapshotableShareAsync();

        var response = await _reader.PostSnapshotAsync(share);
        var list = await _reader.GetAsync("/v2/snapshots");

        Fault.AssertIs(response, HttpStatusCode.Forbidden);
        Assert.That(list.Status, Is.EqualTo(HttpStatusCode.OK));
    }

    [TestCase("{\"snapshot\": {}}", "snapshot.share_id")]
    [TestCase("{\"snapshot\": {\"share_id\": \"\"}}", "snapshot.share_id")]
    [TestCase("{\"share_id\": \"x\"}", "share_id")]
    [TestCase("{\"snapshot\": {\"share_id\": \"x\", \"size\": 3}}", "size")]
    [TestCase("{\"snapshot\": \"x\"}", "snapshot")]
    [TestCase("[]", "")]
    [TestCase("{\"snapshot\": {\"share_id\": \"x\"", "")]
    public async Task CreateSnapshot_MalformedBody_Answers400NamingTheField(string body, string field)
    {
        var before = await _host.CountAsync("SELECT COUNT(*) FROM snapshots");

        var response = await _demo.SendAsync(HttpMethod.Post, "/v2/snapshots", rawBody: body);

        Fault.AssertIs(response, HttpStatusCode.BadRequest, field);
        Assert.That(await _host.CountAsync("SELECT COUNT(*) FROM snapshots"), Is.EqualTo(before));
    }

    [Test]
    public async Task CreateSnapshot_NameTooLong_Answers400BeforeLookingForTheShare()
    {
        var response = await _demo.PostAsync("/v2/snapshots", new { snapshot = new { share_id = "x", name = new string('n', 256) } });

        Fault.AssertIs(response, HttpStatusCode.BadRequest, "snapshot.name", "255");
    }

    [Test]
    public async Task CreateSnapshot_UnknownShare_Answers404()
    {
        var unknown = Guid.NewGuid().ToString();

        var response = await _demo.PostSnapshotAsync(unknown);

        Fault.AssertIs(response, HttpStatusCode.NotFound, unknown);
    }

    [TestCase("GET", "/v2/snapshots/{0}")]
    [TestCase("DELETE", "/v2/snapshots/{0}")]
    [TestCase("GET", "/v2/snapshots/{0}/export-locations")]
    [TestCase("GET", "/v2/snapshots/{0}/access-list")]
    public async Task UnknownSnapshot_Answers404(string method, string template)
    {
        var unknown = Guid.NewGuid().ToString();

        var response = await _demo.SendAsync(new HttpMethod(method), string.Format(System.Globalization.CultureInfo.InvariantCulture, template, unknown));

        Fault.AssertIs(response, HttpStatusCode.NotFound, unknown);
    }

    [TestCase("{}")]
    [TestCase("{\"reset_status\": {\"status\": \"error\"}, \"force_delete\": null}")]
    [TestCase("\"reset_status\"")]
    public async Task SnapshotAction_MalformedBody_Answers400(string body)
    {
        var share = await _demo.SnapshotableShareAsync();
        var snapshot = await _demo.AvailableSnapshotAsync(share);

        var response = await _demo.SendAsync(HttpMethod.Post, $"/v2/snapshots/{snapshot}/action", rawBody: body);

        Fault.AssertIs(response, HttpStatusCode.BadRequest, "action");
    }
}
