using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using ShareHost.Tests.Infrastructure;

namespace ShareHost.Tests.Features.Services;

public sealed class UpdateServiceTests
{
    private TestHost _host = null!;
    private ApiClient _admin = null!;

    // One host for the fixture: tests that disable a backend start their own.
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
    public async Task DisableService_WithReason_IsShownAndSurvivesARestart()
    {
        var directory = TestHost.NewDirectory();
        try
        {
            ApiClient.Response response;
            using (var first = new TestHost(directory))
            using (var admin = first.Client())
            {
                response = await admin.PutAsync("/v2/services/disable",
                    new { host = "sharehost@dummy1", binary = "manila-share", disabled_reason = "disk swap" });
            }

            using var restarted = new TestHost(directory);
            using var client = restarted.Client();

            var service = (await client.GetAsync("/v2/services?host=sharehost@dummy1")).Json["services"]![0]!;

            Assert.That(response.Status, Is.EqualTo(HttpStatusCode.OK), response.Body);
            Assert.That(response.Json.ToJsonString(), Is.EqualTo(
                new JsonObject { ["host"] = "sharehost@dummy1", ["binary"] = "manila-share", ["disabled"] = true, ["disabled_reason"] = "disk swap" }.ToJsonString()));
            Assert.That(service["status"]!.GetValue<string>(), Is.EqualTo("disabled"));
            Assert.That(service["disabled_reason"]!.GetValue<string>(), Is.EqualTo("disk swap"));
            Assert.That(service["state"]!.GetValue<string>(), Is.EqualTo("up"));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            TestHost.DeleteDirectory(directory);
        }
    }

    [Test]
    public async Task EnableService_AfterDisable_ClearsTheReason()
    {
        using var host = new TestHost();
        using var admin = host.Client();
        await admin.PutAsync("/v2/services/disable", new { host = "sharehost@dummy1", binary = "manila-share", disabled_reason = "maintenance" });

        var response = await admin.PutAsync("/v2/services/enable", new { host = "sharehost@dummy1", binary = "manila-share" });
        var service = (await admin.GetAsync("/v2/services?host=sharehost@dummy1")).Json["services"]![0]!;

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.OK), response.Body);
        Assert.That(response.Json["disabled"]!.GetValue<bool>(), Is.False);
        Assert.That(service["status"]!.GetValue<string>(), Is.EqualTo("enabled"));
        Assert.That(service["disabled_reason"], Is.Null);
    }

    [Test]
    public async Task DisableService_Backend_NewSharesGoElsewhere()
    {
        using var host = new TestHost();
        using var admin = host.Client();
        await admin.PutAsync("/v2/services/disable", new { host = "sharehost@dummy2", binary = "manila-share" });

        var hosts = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            var share = await admin.WaitForShareAsync(await admin.CreateShareAsync(), "available");
            hosts.Add(share["host"]!.GetValue<string>());
        }

        var inDisabledZone = await admin.CreateShareAsync(zone: "az2");
        await admin.WaitForShareAsync(inDisabledZone, "error");

        Assert.That(hosts, Is.All.EqualTo("sharehost@dummy1#pool-a"));
    }

    [TestCase("{\"binary\": \"manila-share\"}", "host")]
    [TestCase("{\"host\": \"sharehost@dummy1\"}", "binary")]
    [TestCase("{\"host\": \"sharehost@dummy1\", \"binary\": \"manila-share\", \"zone\": \"az1\"}", "zone")]
    [TestCase("{\"host\": 5, \"binary\": \"manila-share\"}", "host")]
    public async Task DisableService_BadBody_Answers400NamingTheField(string body, string field)
    {
        var response = await _admin.SendAsync(HttpMethod.Put, "/v2/services/disable", rawBody: body);

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.BadRequest), response.Body);
        Assert.That(response.ErrorMessage, Does.Contain(field));
    }

    [Test]
    public async Task EnableService_WithReason_Answers400()
    {
        var response = await _admin.PutAsync("/v2/services/enable", new { host = "sharehost@dummy1", binary = "manila-share", disabled_reason = "x" });

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(response.ErrorMessage, Does.Contain("disabled_reason"));
    }

    [TestCase("sharehost@nothere", "manila-share")]
    [TestCase("sharehost@dummy1", "manila-scheduler")]
    [TestCase("elsewhere", "manila-scheduler")]
    public async Task DisableService_UnknownHostOrBinary_Answers404(string host, string binary)
    {
        var response = await _admin.PutAsync("/v2/services/disable", new { host, binary });

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.NotFound), response.Body);
    }

    [Test]
    public async Task UpdateService_UnknownAction_Answers404()
    {
        var response = await _admin.PutAsync("/v2/services/restart", new { host = "sharehost@dummy1", binary = "manila-share" });

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task DisableService_Scheduler_Answers400()
    {
        var response = await _admin.PutAsync("/v2/services/disable", new { host = "sharehost", binary = "manila-scheduler" });

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.BadRequest));
    }

    [Test]
    public async Task DisableService_Member_Answers403AndChangesNothing()
    {
        using var demo = _host.Client(TestHost.DemoToken);

        var response = await demo.PutAsync("/v2/services/disable", new { host = "sharehost@dummy1", binary = "manila-share" });

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That((await _admin.GetAsync("/v2/services?status=disabled")).Json["services"]!.AsArray(), Is.Empty);
    }
}
