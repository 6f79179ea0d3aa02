using System.Net;
using ShareHost.Tests.Infrastructure;

namespace ShareHost.Tests.Features.Shares;

public sealed class ShareLifecycleTests
{
    private TestHost _host = null!;
    private ApiClient _admin = null!;

    // One host for the fixture: each test works on shares of its own; the test that lists every share and the one that makes the driver fail start their own host.
    [OneTimeSetUp]
    public void SetUp()
    {
        _host = new TestHost();
        _admin = _host.Client();
    }

    [SetUp]
    public void ResetClients()
    {
        _admin.Version = "2.72";
    }

    [OneTimeTearDown]
    public void TearDown()
    {
        _admin.Dispose();
        _host.Dispose();
    }

    [Test]
    public async Task CreateShare_ValidRequest_AnswersCreatingThenBecomesAvailable()
    {
        var response = await _admin.PostAsync("/v2/shares", new { share = new { size = 2, share_proto = "NFS", name = "first" } });

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.OK), response.Body);
        Assert.That(response.Json["share"]!["status"]!.GetValue<string>(), Is.EqualTo("creating"));
        var share = await _admin.WaitForShareAsync(response.Json["share"]!["id"]!.GetValue<string>(), "available");
        Assert.Multiple(() =>
        {
            Assert.That(share["size"]!.GetValue<int>(), Is.EqualTo(2));
            Assert.That(share["name"]!.GetValue<string>(), Is.EqualTo("first"));
            Assert.That(share["host"]!.GetValue<string>(), Does.Match("^sharehost@dummy[12]#pool-a$"));
            Assert.That(share["progress"]!.GetValue<string>(), Is.EqualTo("100%"));
        });
    }

    [Test]
    public async Task CreateShare_InZone_LandsOnABackendOfThatZone()
    {
        var id = await _admin.CreateShareAsync(zone: "az2");

        var share = await _admin.WaitForShareAsync(id, "available");

        Assert.That(share["availability_zone"]!.GetValue<string>(), Is.EqualTo("az2"));
        Assert.That(share["host"]!.GetValue<string>(), Is.EqualTo("sharehost@dummy2#pool-a"));
    }

    [Test]
    public async Task ListShares_AfterCreate_ShowsSummaryAndDetail()
    {
        using var host = new TestHost();
        using var admin = host.Client();
        var id = await admin.CreateShareAsync(name: "listed");
        await admin.WaitForShareAsync(id, "available");

        var summary = await admin.GetAsync("/v2/shares");
        var detail = await admin.GetAsync("/v2/shares/detail");

        Assert.That(summary.Json["shares"]!.AsArray().Select(s => s!["id"]!.GetValue<string>()), Does.Contain(id));
        Assert.That(summary.Json["shares"]![0]!.AsObject().Select(p => p.Key), Is.EquivalentTo(new[] { "id", "name", "links" }));
        Assert.That(detail.Json["shares"]![0]!["status"]!.GetValue<string>(), Is.EqualTo("available"));
    }

    [Test]
    public async Task DeleteShare_Available_RemovesItFromListings()
    {
        var id = await _admin.CreateShareAsync();
        await _admin.WaitForShareAsync(id, "available");

        var response = await _admin.DeleteAsync($"/v2/shares/{id}");
        await _host.IdleAsync();

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.Accepted));
        Assert.That((await _admin.GetAsync($"/v2/shares/{id}")).Status, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task ExportLocations_BeforeMicroversion2_9_AreRenderedWithTheBackendAddress()
    {
        var id = await _admin.CreateShareAsync();
        await _admin.WaitForShareAsync(id, "available");
        _admin.Version = "2.8";

        var share = (await _admin.GetAsync($"/v2/shares/{id}")).Json["share"]!;

        Assert.That(share["export_location"]!.GetValue<string>(), Does.StartWith("127.0.0.1:/shares/share-"));
    }

    [Test]
    public async Task CreateShare_DriverFails_EndsInErrorWithUserMessage()
    {
        using var host = new TestHost();
        using var admin = host.Client();
        host.Configuration["Backends:dummy1:Options:Faults:CreateShare:FailEveryNth"] = "1";
        host.Configuration["Backends:dummy2:Options:Faults:CreateShare:FailEveryNth"] = "1";

        var id = await admin.CreateShareAsync();
        await admin.WaitForShareAsync(id, "error");
        var messages = await admin.GetAsync($"/v2/messages?resource_id={id}");

        Assert.That(messages.Body, Does.Contain("Injected failure"));
    }
}
