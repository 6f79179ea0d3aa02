using System.Net;
using System.Text.Json.Nodes;
using ShareHost.Tests.Infrastructure;

namespace ShareHost.Tests.Features.Shares;

public sealed class ShareInstancesTests
{
    private TestHost _host = null!;
    private ApiClient _admin = null!;
    private ApiClient _demo = null!;

    // One host for the fixture: each test works on shares of its own; tests that list every instance start their own host.
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

    private async Task<JsonNode> InstanceOfAsync(string shareId) =>
        (await _admin.GetAsync($"/v2/shares/{shareId}/instances")).Json["share_instances"]!.AsArray().Single()!;

    [Test]
    public async Task InstancesOfShare_Admin_ListsItsOneInstance()
    {
        var id = await _demo.AvailableShareAsync();

        var instance = await InstanceOfAsync(id);

        Assert.Multiple(() =>
        {
            Assert.That(instance["share_id"]!.GetValue<string>(), Is.EqualTo(id));
            Assert.That(instance["status"]!.GetValue<string>(), Is.EqualTo("available"));
            Assert.That(instance["host"]!.GetValue<string>(), Does.Match("^sharehost@dummy[12]#pool-a$"));
            Assert.That(instance["share_type_id"]!.GetValue<string>(), Is.EqualTo("00000000-0000-4000-8000-000000000001"));
            Assert.That(instance["cast_rules_to_readonly"]!.GetValue<bool>(), Is.False);
            Assert.That(instance["progress"]!.GetValue<string>(), Is.EqualTo("100%"));
            Assert.That(instance.AsObject().ContainsKey("updated_at"), Is.True);
            Assert.That(instance.AsObject().ContainsKey("export_locations"), Is.False);
        });
    }

    [Test]
    public async Task List_Admin_IncludesInstancesOfEveryProject()
    {
        using var host = new TestHost();
        using var admin = host.Client();
        using var demo = host.Client(TestHost.DemoToken);
        var demoShare = await demo.AvailableShareAsync();
        var adminShare = await admin.AvailableShareAsync();

        var response = await admin.GetAsync("/v2/share_instances");

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Json["share_instances"]!.AsArray().Select(i => i!["share_id"]!.GetValue<string>()),
            Is.EquivalentTo(new[] { demoShare, adminShare }));
    }

    [Test]
    public async Task List_FilterByExportLocationId_FindsTheInstance()
    {
        var first = await _demo.AvailableShareAsync();
        await _demo.AvailableShareAsync();
        var el = (await _admin.GetAsync($"/v2/shares/{first}/export_locations")).Json["export_locations"]![0]!;
        var elId = el["id"]!.GetValue<string>();

        var response = await _admin.GetAsync($"/v2/share_instances?export_location_id={elId}");

        Assert.That(response.Json["share_instances"]!.AsArray().Select(i => i!["share_id"]!.GetValue<string>()), Is.EqualTo(new[] { first }));
    }

    [Test]
    public async Task List_FilterByExportLocationPathAsShown_FindsTheInstance()
    {
        var first = await _demo.AvailableShareAsync();
        await _demo.AvailableShareAsync();
        var path = (await _demo.GetAsync($"/v2/shares/{first}/export_locations")).Json["export_locations"]![0]!["path"]!.GetValue<string>();

        var response = await _admin.GetAsync($"/v2/share_instances?export_location_path={Uri.EscapeDataString(path)}");

        Assert.That(response.Json["share_instances"]!.AsArray().Select(i => i!["share_id"]!.GetValue<string>()), Is.EqualTo(new[] { first }));
    }

    [Test]
    public async Task List_ExportLocationFilterBefore2_35_IsIgnored()
    {
        using var host = new TestHost();
        using var admin = host.Client();
        using var demo = host.Client(TestHost.DemoToken);
        await demo.AvailableShareAsync();
        await demo.AvailableShareAsync();
        admin.Version = "2.34";

        var response = await admin.GetAsync($"/v2/share_instances?export_location_id={Guid.NewGuid()}");

        Assert.That(response.Json["share_instances"]!.AsArray(), Has.Count.EqualTo(2));
    }

    [Test]
    public async Task Show_FieldsFollowTheMicroversion()
    {
        var id = await _demo.AvailableShareAsync();
        var instanceId = (await InstanceOfAsync(id))["id"]!.GetValue<string>();

        _admin.Version = "2.8";
        var old = (await _admin.GetAsync($"/v2/share_instances/{instanceId}")).Json["share_instance"]!.AsObject();
        _admin.Version = "2.70";
        var newer = (await _admin.GetAsync($"/v2/share_instances/{instanceId}")).Json["share_instance"]!.AsObject();

        Assert.That(old.Select(p => p.Key), Is.EquivalentTo(new[]
        {
            "id", "share_id", "availability_zone", "created_at", "host", "status", "share_network_id", "share_server_id",
            "export_location", "export_locations",
        }));
        Assert.That(old["export_location"]!.GetValue<string>(), Does.StartWith("127.0.0.1:/"));
        Assert.That(old["export_locations"]!.AsArray(), Has.Count.EqualTo(2));
        Assert.That(newer.Select(p => p.Key), Is.EquivalentTo(new[]
        {
            "id", "share_id", "availability_zone", "created_at", "host", "status", "share_network_id", "share_server_id",
            "access_rules_status", "replica_state", "share_type_id", "cast_rules_to_readonly", "progress",
        }));
    }

    [Test]
    public async Task Show_Unknown_Is404()
    {
        var response = await _admin.GetAsync($"/v2/share_instances/{Guid.NewGuid()}");

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [TestCase("/v2/share_instances")]
    [TestCase("/v2/shares/{0}/instances")]
    [TestCase("/v2/share_instances/{1}")]
    [TestCase("/v2/share_instances/{1}/export_locations")]
    public async Task Member_OnOwnShare_Is403(string template)
    {
        var id = await _demo.AvailableShareAsync();
        var instanceId = (await InstanceOfAsync(id))["id"]!.GetValue<string>();

        var response = await _demo.GetAsync(string.Format(System.Globalization.CultureInfo.InvariantCulture, template, id, instanceId));

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.Forbidden));
    }

    [Test]
    public async Task List_Before2_3_Is404()
    {
        _admin.Version = "2.2";

        var response = await _admin.GetAsync("/v2/share_instances");

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task ExportLocations_Admin_SeesBothWithAdminFields()
    {
        var id = await _demo.AvailableShareAsync();
        var instanceId = (await InstanceOfAsync(id))["id"]!.GetValue<string>();

        var list = (await _admin.GetAsync($"/v2/share_instances/{instanceId}/export_locations")).Json["export_locations"]!.AsArray();
        var adminOnly = list.Single(l => l!["is_admin_only"]!.GetValue<bool>())!;
        var shown = await _admin.GetAsync($"/v2/share_instances/{instanceId}/export_locations/{adminOnly["id"]!.GetValue<string>()}");

        Assert.That(list, Has.Count.EqualTo(2));
        Assert.That(list.All(l => l!["share_instance_id"]!.GetValue<string>() == instanceId), Is.True);
        Assert.That(shown.Status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(shown.Json["export_location"]!.AsObject().ContainsKey("created_at"), Is.True);
    }

    [Test]
    public async Task ExportLocations_Before2_9_Is404()
    {
        var id = await _demo.AvailableShareAsync();
        var instanceId = (await InstanceOfAsync(id))["id"]!.GetValue<string>();
        _admin.Version = "2.8";

        var response = await _admin.GetAsync($"/v2/share_instances/{instanceId}/export_locations");

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task ResetStatus_Admin_ChangesTheInstanceAndTheShare()
    {
        var id = await _demo.AvailableShareAsync();
        var instanceId = (await InstanceOfAsync(id))["id"]!.GetValue<string>();

        var response = await _admin.PostAsync($"/v2/share_instances/{instanceId}/action", new { reset_status = new { status = "error" } });

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.Accepted), response.Body);
        Assert.That((await InstanceOfAsync(id))["status"]!.GetValue<string>(), Is.EqualTo("error"));
        Assert.That((await _demo.ShowAsync(id))["status"]!.GetValue<string>(), Is.EqualTo("error"));
    }

    [Test]
    public async Task ResetStatus_UnknownStatus_Is400()
    {
        var id = await _demo.AvailableShareAsync();
        var instanceId = (await InstanceOfAsync(id))["id"]!.GetValue<string>();

        var response = await _admin.PostAsync($"/v2/share_instances/{instanceId}/action", new { reset_status = new { status = "happy" } });

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(response.ErrorMessage, Does.Contain("reset_status.status"));
    }

    [Test]
    public async Task ResetStatus_LegacyNameAt2_6_IsAcceptedAndNewNameIsNot()
    {
        var id = await _demo.AvailableShareAsync();
        var instanceId = (await InstanceOfAsync(id))["id"]!.GetValue<string>();
        _admin.Version = "2.6";

        var legacy = await _admin.PostAsync($"/v2/share_instances/{instanceId}/action",
            new Dictionary<string, object> { ["os-reset_status"] = new { status = "error" } });
        var modern = await _admin.PostAsync($"/v2/share_instances/{instanceId}/action", new { reset_status = new { status = "available" } });

        Assert.That(legacy.Status, Is.EqualTo(HttpStatusCode.Accepted), legacy.Body);
        Assert.That(modern.Status, Is.EqualTo(HttpStatusCode.BadRequest));
    }

    [Test]
    public async Task ForceDelete_OnlyInstance_DeletesTheShare()
    {
        var id = await _demo.AvailableShareAsync();
        var instanceId = (await InstanceOfAsync(id))["id"]!.GetValue<string>();

        var response = await _admin.SendAsync(HttpMethod.Post, $"/v2/share_instances/{instanceId}/action", rawBody: "{\"force_delete\": null}");
        await _host.IdleAsync();

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.Accepted), response.Body);
        Assert.That((await _admin.GetAsync($"/v2/shares/{id}")).Status, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That((await _admin.GetAsync($"/v2/share_instances/{instanceId}")).Status, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task Action_Member_Is403()
    {
        var id = await _demo.AvailableShareAsync();
        var instanceId = (await InstanceOfAsync(id))["id"]!.GetValue<string>();

        var response = await _demo.PostAsync($"/v2/share_instances/{instanceId}/action", new { reset_status = new { status = "error" } });

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.Forbidden));
    }
}
