using System.Net;
using ShareHost.Tests.Infrastructure;

namespace ShareHost.Tests.Features.AvailabilityZones;

public sealed class AvailabilityZonesTests
{
    private TestHost _host = null!;
    private ApiClient _demo = null!;

    // One host for the fixture: the test that disables a backend starts its own.
    [OneTimeSetUp]
    public void SetUp()
    {
        _host = new TestHost();
        _demo = _host.Client(TestHost.DemoToken);
    }

    [SetUp]
    public void ResetClients()
    {
        _demo.Version = "2.72";
    }

    [OneTimeTearDown]
    public void TearDown()
    {
        _demo.Dispose();
        _host.Dispose();
    }

    [Test]
    public async Task ListAvailabilityZones_Member_ListsTheZonesOfTheBackends()
    {
        var response = await _demo.GetAsync("/v2/availability-zones");

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.OK), response.Body);
        var zones = response.Json["availability_zones"]!.AsArray();
        Assert.That(zones.Select(z => z!["name"]!.GetValue<string>()), Is.EqualTo(new[] { "az1", "az2" }));
        Assert.Multiple(() =>
        {
            Assert.That(zones[0]!.AsObject().Select(p => p.Key), Is.EquivalentTo(new[] { "id", "name", "created_at", "updated_at" }));
            Assert.That(Guid.TryParse(zones[0]!["id"]!.GetValue<string>(), out _), Is.True);
            Assert.That(zones[0]!["created_at"]!.GetValue<string>(), Does.Match(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}$"));
            Assert.That(zones[0]!["updated_at"], Is.Null);
        });
    }

    [Test]
    public async Task ListAvailabilityZones_ZoneIdWorksForShareCreate()
    {
        var az2 = (await _demo.GetAsync("/v2/availability-zones")).Json["availability_zones"]!.AsArray()
            .Single(z => z!["name"]!.GetValue<string>() == "az2")!["id"]!.GetValue<string>();

        var share = await _demo.WaitForShareAsync(await _demo.CreateShareAsync(zone: az2), "available");

        Assert.That(share["availability_zone"]!.GetValue<string>(), Is.EqualTo("az2"));
    }

    [Test]
    public async Task ListAvailabilityZones_Before2_7_AnswersOnlyOnTheLegacyPath()
    {
        _demo.Version = "2.6";

        var current = await _demo.GetAsync("/v2/availability-zones");
        var legacy = await _demo.GetAsync("/v2/os-availability-zone");

        Assert.That(current.Status, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(legacy.Json["availability_zones"]!.AsArray(), Has.Count.EqualTo(2));
    }

    [Test]
    public async Task LegacyAvailabilityZones_From2_7_Answer404()
    {
        var response = await _demo.GetAsync("/v2/os-availability-zone");

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task ListAvailabilityZones_OnlyBackendOfAZoneDisabled_HidesTheZone()
    {
        using var host = new TestHost();
        using var demo = host.Client(TestHost.DemoToken);
        using var admin = host.Client();
        await admin.PutAsync("/v2/services/disable", new { host = "sharehost@dummy2", binary = "manila-share" });

        var zones = (await demo.GetAsync("/v2/availability-zones")).Json["availability_zones"]!.AsArray();

        Assert.That(zones.Select(z => z!["name"]!.GetValue<string>()), Is.EqualTo(new[] { "az1" }));
    }
}
