using System.Net;
using ShareHost.Tests.Infrastructure;

namespace ShareHost.Tests.Features.Services;

public sealed class ListServicesTests
{
    private TestHost _host = null!;
    private ApiClient _admin = null!;

    // One host for the fixture: the test that disables a backend starts its own.
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
    public async Task ListServices_Admin_ShowsTheSchedulerAndOneShareServicePerBackend()
    {
        var response = await _admin.GetAsync("/v2/services");

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.OK), response.Body);
        var services = response.Json["services"]!.AsArray();
        Assert.That(services.Select(s => $"{s!["binary"]} {s["host"]} {s["zone"]} {s["status"]} {s["state"]}"), Is.EqualTo(new[]
        {
            "manila-scheduler sharehost nova enabled up",
            "manila-share sharehost@dummy1 az1 enabled up",
            "manila-share sharehost@dummy2 az2 enabled up",
        }));
        var share = services[1]!.AsObject();
        Assert.Multiple(() =>
        {
            Assert.That(share.Select(p => p.Key), Is.EquivalentTo(new[]
            {
                "id", "binary", "host", "zone", "status", "state", "updated_at", "disabled_reason", "state_reason",
            }));
            Assert.That(share["updated_at"]!.GetValue<string>(), Does.Match(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}$"));
            Assert.That(share["state_reason"], Is.Null);
            Assert.That(services.Select(s => s!["id"]!.GetValue<int>()).Distinct().Count(), Is.EqualTo(3));
        });
    }

    [Test]
    public async Task ListServices_Member_Answers403()
    {
        using var demo = _host.Client(TestHost.DemoToken);

        var response = await demo.GetAsync("/v2/services");

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(response.FaultName, Is.EqualTo("forbidden"));
    }

    [TestCase("host=sharehost@dummy2", "sharehost@dummy2")]
    [TestCase("binary=manila-scheduler", "sharehost")]
    [TestCase("zone=az1", "sharehost@dummy1")]
    [TestCase("zone=az1&binary=manila-scheduler", "")]
    [TestCase("state=down", "")]
    [TestCase("status=enabled&host=sharehost", "sharehost")]
    [TestCase("host=sharehost@dummy", "")]
    public async Task ListServices_Filter_MatchesExactly(string query, string hosts)
    {
        var response = await _admin.GetAsync($"/v2/services?{query}");

        var found = response.Json["services"]!.AsArray().Select(s => s!["host"]!.GetValue<string>());
        Assert.That(string.Join(",", found), Is.EqualTo(hosts));
    }

    [Test]
    public async Task Services_Before2_7_AnswerOnlyOnTheLegacyPath()
    {
        using var host = new TestHost();
        using var admin = host.Client();
        admin.Version = "2.6";

        var current = await admin.GetAsync("/v2/services");
        var legacy = await admin.GetAsync("/v2/os-services");
        var disable = await admin.PutAsync("/v2/os-services/disable", new { host = "sharehost@dummy1", binary = "manila-share" });

        Assert.That(current.Status, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(legacy.Json["services"]!.AsArray(), Has.Count.EqualTo(3));
        Assert.That(disable.Status, Is.EqualTo(HttpStatusCode.OK), disable.Body);
    }

    [Test]
    public async Task LegacyServices_From2_7_Answer404()
    {
        var response = await _admin.GetAsync("/v2/os-services");

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task ListServices_BackendWithUnknownDriver_IsDownWithTheReason()
    {
        using var host = new TestHost(settings: new Dictionary<string, string?>
        {
            ["Backends:broken:Driver"] = "Nope",
            ["Backends:broken:AvailabilityZone"] = "az3",
        });
        using var admin = host.Client();

        var service = (await admin.GetAsync("/v2/services?host=sharehost@broken")).Json["services"]![0]!;
        var healthy = await admin.GetAsync("/v2/services?state=up&binary=manila-share");

        Assert.Multiple(() =>
        {
            Assert.That(service["state"]!.GetValue<string>(), Is.EqualTo("down"));
            Assert.That(service["status"]!.GetValue<string>(), Is.EqualTo("enabled"));
            Assert.That(service["zone"]!.GetValue<string>(), Is.EqualTo("az3"));
            Assert.That(service["updated_at"], Is.Null);
            Assert.That(service["state_reason"]!.GetValue<string>(), Does.Contain("Nope"));
            Assert.That(healthy.Json["services"]!.AsArray(), Has.Count.EqualTo(2));
        });
    }

    [Test]
    public async Task ListServices_StatsOlderThanServiceDownTime_IsDownWithTheReason()
    {
        using var host = new TestHost(settings: new Dictionary<string, string?> { ["ShareHost:ServiceDownTimeSeconds"] = "0" });
        using var admin = host.Client();

        var service = (await admin.GetAsync("/v2/services?host=sharehost@dummy1")).Json["services"]![0]!;

        Assert.That(service["state"]!.GetValue<string>(), Is.EqualTo("down"));
        Assert.That(service["state_reason"]!.GetValue<string>(), Does.Contain("service_down_time"));
        Assert.That(service["updated_at"], Is.Not.Null);
    }
}
