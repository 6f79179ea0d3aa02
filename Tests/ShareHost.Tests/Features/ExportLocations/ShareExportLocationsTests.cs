using System.Net;
using System.Text.Json.Nodes;
using ShareHost.Tests.Features.Shares;
using ShareHost.Tests.Infrastructure;

namespace ShareHost.Tests.Features.ExportLocations;

/// <summary>The Dummy exports each share twice: a preferred user path and an admin-only path.</summary>
public sealed class ShareExportLocationsTests
{
    private TestHost _host = null!;
    private ApiClient _admin = null!;
    private ApiClient _demo = null!;

    // One host for the fixture: each test works on shares of its own.
    [OneTimeSetUp]
    public void SetUp()
    {
        _host = new TestHost();
        _admin = _host.Client();
        _demo = _host.Client(TestHost.DemoToken);
    }

    [SetUp]
    public void ResetClients()
    {
        _admin.Version = "2.72";
        _demo.Version = "2.72";
    }

    [OneTimeTearDown]
    public void TearDown()
    {
        _demo.Dispose();
        _admin.Dispose();
        _host.Dispose();
    }

    private static List<JsonNode> Locations(ApiClient.Response response) => response.Json["export_locations"]!.AsArray().Select(e => e!).ToList();

    [Test]
    public async Task List_Member_SeesOnlyUserLocationsWithoutAdminFields()
    {
        var id = await _demo.AvailableShareAsync();

        var response = await _demo.GetAsync($"/v2/shares/{id}/export_locations");

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.OK), response.Body);
        var location = Locations(response).Single();
        Assert.Multiple(() =>
        {
            Assert.That(location["path"]!.GetValue<string>(), Does.Match(@"^127\.0\.0\.1:/shares/share-[0-9a-f-]+$"));
            Assert.That(location["preferred"]!.GetValue<bool>(), Is.True);
            Assert.That(location["readonly"]!.GetValue<bool>(), Is.False);
            Assert.That(location.AsObject().Select(p => p.Key), Is.EquivalentTo(new[] { "id", "path", "preferred", "readonly" }));
        });
    }

    [Test]
    public async Task List_Admin_SeesAdminOnlyLocationsAndInstanceIds()
    {
        var id = await _demo.AvailableShareAsync();

        var locations = Locations(await _admin.GetAsync($"/v2/shares/{id}/export_locations"));

        Assert.That(locations, Has.Count.EqualTo(2));
        var adminOnly = locations.Single(l => l["is_admin_only"]!.GetValue<bool>());
        Assert.That(adminOnly["path"]!.GetValue<string>(), Does.StartWith("127.0.0.1:/admin/shares/share-"));
        Assert.That(adminOnly["preferred"]!.GetValue<bool>(), Is.False);
        Assert.That(locations.Select(l => l["share_instance_id"]!.GetValue<string>()).Distinct().Count(), Is.EqualTo(1));
    }

    [Test]
    public async Task List_Before2_9_Is404()
    {
        var id = await _demo.AvailableShareAsync();
        _demo.Version = "2.8";

        var response = await _demo.GetAsync($"/v2/shares/{id}/export_locations");

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task List_Before2_14_HasNoPreferred()
    {
        var id = await _demo.AvailableShareAsync();
        _demo.Version = "2.13";

        var location = Locations(await _demo.GetAsync($"/v2/shares/{id}/export_locations")).Single();

        Assert.That(location.AsObject().Select(p => p.Key), Is.EquivalentTo(new[] { "id", "path" }));
    }

    [Test]
    public async Task List_CifsShare_IsRenderedAsUncPath()
    {
        var id = await _demo.CreateShareAsync(protocol: "CIFS");
        await _demo.WaitForShareAsync(id, "available");

        var location = Locations(await _demo.GetAsync($"/v2/shares/{id}/export_locations")).Single();

        Assert.That(location["path"]!.GetValue<string>(), Does.Match(@"^\\\\127\.0\.0\.1\\share-[0-9a-f-]+$"));
    }

    [Test]
    public async Task List_ShareNotAvailable_StillListsItsLocations()
    {
        var id = await _demo.AvailableShareAsync();
        await _admin.ActionAsync(id, new { reset_status = new { status = "error" } });

        var response = await _admin.GetAsync($"/v2/shares/{id}/export_locations");

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(Locations(response).Select(l => l["path"]!.GetValue<string>()), Has.Some.StartsWith("127.0.0.1:/shares/share-"));
    }

    [Test]
    public async Task List_OtherProjectsShare_Is404()
    {
        var id = await _demo.AvailableShareAsync();
        using var other = _host.Client(TestHost.OtherToken);

        var response = await other.GetAsync($"/v2/shares/{id}/export_locations");

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task List_Reader_MayRead()
    {
        var id = await _demo.AvailableShareAsync();
        using var reader = _host.Client(TestHost.ReaderToken);

        var response = await reader.GetAsync($"/v2/shares/{id}/export_locations");

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(Locations(response), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Show_MemberUserLocation_AddsTimestamps()
    {
        var id = await _demo.AvailableShareAsync();
        var elId = Locations(await _demo.GetAsync($"/v2/shares/{id}/export_locations")).Single()["id"]!.GetValue<string>();

        var response = await _demo.GetAsync($"/v2/shares/{id}/export_locations/{elId}");

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.OK), response.Body);
        var location = response.Json["export_location"]!;
        Assert.That(location.AsObject().Select(p => p.Key), Is.EquivalentTo(new[] { "id", "path", "preferred", "readonly", "created_at", "updated_at" }));
        Assert.That(location["created_at"]!.GetValue<string>(), Does.Match(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}$"));
    }

    [Test]
    public async Task Show_MemberAdminOnlyLocation_Is403()
    {
        var id = await _demo.AvailableShareAsync();
        var adminOnly = Locations(await _admin.GetAsync($"/v2/shares/{id}/export_locations"))
            .Single(l => l["is_admin_only"]!.GetValue<bool>())["id"]!.GetValue<string>();

        var member = await _demo.GetAsync($"/v2/shares/{id}/export_locations/{adminOnly}");
        var admin = await _admin.GetAsync($"/v2/shares/{id}/export_locations/{adminOnly}");

        Assert.That(member.Status, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(admin.Status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(admin.Json["export_location"]!["is_admin_only"]!.GetValue<bool>(), Is.True);
    }

    [Test]
    public async Task Show_LocationOfAnotherShare_Is404()
    {
        var first = await _demo.AvailableShareAsync();
        var second = await _demo.AvailableShareAsync();
        var elOfFirst = Locations(await _demo.GetAsync($"/v2/shares/{first}/export_locations")).Single()["id"]!.GetValue<string>();

        var response = await _demo.GetAsync($"/v2/shares/{second}/export_locations/{elOfFirst}");

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task List_ViaProjectScopedUrl_Works()
    {
        var id = await _demo.AvailableShareAsync();

        var response = await _demo.GetAsync($"/v2/demoproject/shares/{id}/export_locations");

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.OK), response.Body);
        Assert.That(Locations(response), Has.Count.EqualTo(1));
    }
}
