using System.Net;
using ShareHost.Tests.Infrastructure;

namespace ShareHost.Tests.Features.ShareTypes;

/// <summary><c>/v2/types/{type_id}/extra_specs[/{key}]</c>: admin only, the type named by id.</summary>
public sealed class ExtraSpecsEndpointsTests
{
    private TestHost _host = null!;
    private ApiClient _admin = null!;
    private ApiClient _demo = null!;

    [OneTimeSetUp]
    public void OneTimeSetUp()
    {
        _host = new TestHost();
        _admin = _host.Client();
        _demo = _host.Client(TestHost.DemoToken);
    }

    [OneTimeTearDown]
    public void OneTimeTearDown()
    {
        _admin.Dispose();
        _demo.Dispose();
        _host.Dispose();
    }

    [SetUp]
    public void SetUp() => _admin.Version = "2.72";

    [Test]
    public async Task ListExtraSpecs_Type_AnswersEverySpec()
    {
        var id = await _admin.CreateTypeAsync(ShareTypeApi.NewName(), new() { ["vendor:tier"] = "gold" });

        var response = await _admin.GetAsync($"/v2/types/{id}/extra_specs");

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.OK), response.Body);
        Assert.That(response.Json.ToJsonString(), Is.EqualTo("{\"extra_specs\":{\"driver_handles_share_servers\":\"False\",\"vendor:tier\":\"gold\"}}"));
    }

    [Test]
    public async Task ListExtraSpecs_TypeNamedByName_AnswersNotFoundAsManila()
    {
        var name = ShareTypeApi.NewName();
        await _admin.CreateTypeAsync(name);

        var response = await _admin.GetAsync($"/v2/types/{name}/extra_specs");

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.NotFound), response.Body);
    }

    [Test]
    public async Task SetExtraSpecs_NewAndChangedKeys_MergesKeepingTheOthers()
    {
        var id = await _admin.CreateTypeAsync(ShareTypeApi.NewName(), new() { ["a"] = "1", ["b"] = "2" });

        var response = await _admin.PostAsync($"/v2/types/{id}/extra_specs", new { extra_specs = new { b = "20", c = "30", snapshot_support = true } });

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.OK), response.Body);
        Assert.That(response.Json.ToJsonString(), Is.EqualTo("{\"extra_specs\":{\"b\":\"20\",\"c\":\"30\",\"snapshot_support\":\"True\"}}"));
        var specs = (await _admin.GetTypeAsync(id))["extra_specs"]!.AsObject().ToDictionary(p => p.Key, p => p.Value!.GetValue<string>());
        Assert.That(specs, Is.EquivalentTo(new Dictionary<string, string>
        {
            ["driver_handles_share_servers"] = "False", ["a"] = "1", ["b"] = "20", ["c"] = "30", ["snapshot_support"] = "True",
        }));
    }

    [TestCase("{\"extra_specs\": {\"replication_type\": \"sync\"}}", "extra_specs.replication_type")]
    [TestCase("{\"extra_specs\": {\"driver_handles_share_servers\": \"perhaps\"}}", "extra_specs.driver_handles_share_servers")]
    [TestCase("{\"extra_specs\": {\"mount_snapshot_support\": \"yes please\"}}", "extra_specs.mount_snapshot_support")]
    [TestCase("{\"extra_specs\": {\"k/k\": \"v\"}}", "extra_specs.k/k")]
    [TestCase("{\"extra_specs\": {\"k\": {\"nested\": \"v\"}}}", "extra_specs.k")]
    [TestCase("{\"extra_specs\": null}", "extra_specs")]
    [TestCase("{\"specs\": {}}", "specs")]
    public async Task SetExtraSpecs_BadInput_AnswersBadRequestNamingTheField(string body, string field)
    {
        var id = await _admin.CreateTypeAsync(ShareTypeApi.NewName());

        var response = await _admin.SendAsync(HttpMethod.Post, $"/v2/types/{id}/extra_specs", rawBody: body);

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.BadRequest), response.Body);
        Assert.That(response.ErrorMessage, Does.Contain($"'{field}'"));
    }

    [Test]
    public async Task SetExtraSpecs_MinSizeAboveStoredMax_AnswersBadRequestAndKeepsTheSpecs()
    {
        var id = await _admin.CreateTypeAsync(ShareTypeApi.NewName(), new() { ["provisioning:max_share_size"] = "10" });

        var response = await _admin.PostAsync($"/v2/types/{id}/extra_specs", new Dictionary<string, object>
        {
            ["extra_specs"] = new Dictionary<string, string> { ["provisioning:min_share_size"] = "20" },
        });

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.BadRequest), response.Body);
        Assert.That(response.ErrorMessage, Does.Contain("provisioning:min_share_size"));
        Assert.That((await _admin.GetAsync($"/v2/types/{id}/extra_specs/provisioning:min_share_size")).Status, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task SetExtraSpecs_UnknownType_AnswersNotFound()
    {
        var response = await _admin.PostAsync($"/v2/types/{Guid.NewGuid()}/extra_specs", new { extra_specs = new { a = "1" } });

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.NotFound), response.Body);
    }

    [Test]
    public async Task GetExtraSpec_ExistingAndMissingKey_AnswersValueOrNotFound()
    {
        var id = await _admin.CreateTypeAsync(ShareTypeApi.NewName(), new() { ["provisioning:max_share_size"] = "10" });

        var found = await _admin.GetAsync($"/v2/types/{id}/extra_specs/provisioning:max_share_size");
        var missing = await _admin.GetAsync($"/v2/types/{id}/extra_specs/nothing");

        Assert.That(found.Status, Is.EqualTo(HttpStatusCode.OK), found.Body);
        Assert.That(found.Json.ToJsonString(), Is.EqualTo("{\"provisioning:max_share_size\":\"10\"}"));
        Assert.That(missing.Status, Is.EqualTo(HttpStatusCode.NotFound), missing.Body);
    }

    [Test]
    public async Task UpdateExtraSpec_MatchingKey_SetsTheValue()
    {
        var id = await _admin.CreateTypeAsync(ShareTypeApi.NewName());

        var response = await _admin.SendAsync(HttpMethod.Put, $"/v2/types/{id}/extra_specs/availability_zones", rawBody: "{\"availability_zones\": \"az1, az2\"}");

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.OK), response.Body);
        Assert.That(response.Json.ToJsonString(), Is.EqualTo("{\"availability_zones\":\"az1,az2\"}"));
        Assert.That((await _admin.GetTypeAsync(id))["extra_specs"]!["availability_zones"]!.GetValue<string>(), Is.EqualTo("az1,az2"));
    }

    [TestCase("{\"other\": \"v\"}", "does not match")]
    [TestCase("{\"k\": \"v\", \"j\": \"w\"}", "2 items")]
    [TestCase("{}", "must be")]
    [TestCase("{\"k\": 7}", "'k'")]
    public async Task UpdateExtraSpec_BadBody_AnswersBadRequest(string body, string expected)
    {
        var id = await _admin.CreateTypeAsync(ShareTypeApi.NewName());

        var response = await _admin.SendAsync(HttpMethod.Put, $"/v2/types/{id}/extra_specs/k", rawBody: body);

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.BadRequest), response.Body);
        Assert.That(response.ErrorMessage, Does.Contain(expected));
    }

    [Test]
    public async Task DeleteExtraSpec_Existing_AnswersAcceptedAndRemovesIt()
    {
        var id = await _admin.CreateTypeAsync(ShareTypeApi.NewName(), new() { ["k"] = "v" });

        var response = await _admin.DeleteAsync($"/v2/types/{id}/extra_specs/k");

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.Accepted), response.Body);
        Assert.That((await _admin.GetAsync($"/v2/types/{id}/extra_specs/k")).Status, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That((await _admin.DeleteAsync($"/v2/types/{id}/extra_specs/k")).Status, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task DeleteExtraSpec_DriverHandlesShareServers_AnswersForbidden()
    {
        var id = await _admin.CreateTypeAsync(ShareTypeApi.NewName());

        var response = await _admin.DeleteAsync($"/v2/types/{id}/extra_specs/driver_handles_share_servers");

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.Forbidden), response.Body);
        Assert.That(response.ErrorMessage, Does.Contain("driver_handles_share_servers"));
    }

    [TestCase("2.23", HttpStatusCode.Forbidden)]
    [TestCase("2.24", HttpStatusCode.Accepted)]
    public async Task DeleteExtraSpec_SnapshotSupport_IsUndeletableBefore2_24(string version, HttpStatusCode expected)
    {
        var id = await _admin.CreateTypeAsync(ShareTypeApi.NewName(), new() { ["snapshot_support"] = "True" });
        _admin.Version = version;

        var response = await _admin.DeleteAsync($"/v2/types/{id}/extra_specs/snapshot_support");

        Assert.That(response.Status, Is.EqualTo(expected), response.Body);
    }

    [TestCase("GET", "/extra_specs")]
    [TestCase("POST", "/extra_specs")]
    [TestCase("GET", "/extra_specs/k")]
    [TestCase("PUT", "/extra_specs/k")]
    [TestCase("DELETE", "/extra_specs/k")]
    public async Task ExtraSpecs_NonAdmin_AnswersForbidden(string method, string path)
    {
        var id = await _admin.CreateTypeAsync(ShareTypeApi.NewName(), new() { ["k"] = "v" });
        var body = method switch { "POST" => "{\"extra_specs\": {\"k\": \"w\"}}", "PUT" => "{\"k\": \"w\"}", _ => null };

        var response = await _demo.SendAsync(new HttpMethod(method), $"/v2/types/{id}{path}", rawBody: body);

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.Forbidden), response.Body);
        Assert.That((await _admin.GetAsync($"/v2/types/{id}/extra_specs/k")).Json["k"]!.GetValue<string>(), Is.EqualTo("v"));
    }
}
