using System.Net;
using ShareHost.Tests.Infrastructure;

namespace ShareHost.Tests.Features.ShareTypes;

/// <summary>Create, show, list, update and delete share types through the HTTP API.</summary>
public sealed class ShareTypeEndpointsTests
{
    private TestHost _host = null!;
    private ApiClient _admin = null!;
    private ApiClient _demo = null!;
    private ApiClient _reader = null!;

    [OneTimeSetUp]
    public void OneTimeSetUp()
    {
        _host = new TestHost();
        _admin = _host.Client();
        _demo = _host.Client(TestHost.DemoToken);
        _reader = _host.Client(TestHost.ReaderToken);
    }

    [OneTimeTearDown]
    public void OneTimeTearDown()
    {
        _admin.Dispose();
        _demo.Dispose();
        _reader.Dispose();
        _host.Dispose();
    }

    [SetUp]
    public void SetUp() => _admin.Version = "2.72";

    [Test]
    public async Task CreateShareType_ValidRequest_AnswersTheTypeUnderBothKeys()
    {
        var name = ShareTypeApi.NewName("gold");

        var response = await _admin.PostAsync("/v2/types", new
        {
            share_type = new { name, description = "fast", extra_specs = new { driver_handles_share_servers = false, snapshot_support = "True" } },
        });

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.OK), response.Body);
        var type = response.Json["share_type"]!;
        Assert.Multiple(() =>
        {
            Assert.That(response.Json["volume_type"]!.ToJsonString(), Is.EqualTo(type.ToJsonString()));
            Assert.That(type["name"]!.GetValue<string>(), Is.EqualTo(name));
            Assert.That(type["description"]!.GetValue<string>(), Is.EqualTo("fast"));
            Assert.That(type["extra_specs"]!["driver_handles_share_servers"]!.GetValue<string>(), Is.EqualTo("False"));
            Assert.That(type["extra_specs"]!["snapshot_support"]!.GetValue<string>(), Is.EqualTo("True"));
            Assert.That(type["required_extra_specs"]!.ToJsonString(), Is.EqualTo("{\"driver_handles_share_servers\":\"False\"}"));
            Assert.That(type["share_type_access:is_public"]!.GetValue<bool>(), Is.True);
            Assert.That(type["is_default"]!.GetValue<bool>(), Is.False);
        });
    }

    [Test]
    public async Task CreateShareType_DuplicateName_AnswersConflict()
    {
        var name = ShareTypeApi.NewName();
        await _admin.CreateTypeAsync(name);

        var response = await _admin.PostAsync("/v2/types", new { share_type = new { name, extra_specs = new { driver_handles_share_servers = "False" } } });

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.Conflict), response.Body);
        Assert.That(response.FaultName, Is.EqualTo("conflictingRequest"));
        Assert.That(response.ErrorMessage, Does.Contain(name));
    }

    [TestCase(TestHost.DemoToken)]
    [TestCase(TestHost.ReaderToken)]
    public async Task CreateShareType_NonAdmin_AnswersForbidden(string token)
    {
        using var client = _host.Client(token);

        var response = await client.PostAsync("/v2/types", new { share_type = new { name = ShareTypeApi.NewName(), extra_specs = new { driver_handles_share_servers = "False" } } });

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.Forbidden), response.Body);
        Assert.That(response.ErrorMessage, Does.Contain("share_type:create"));
    }

    [TestCase("{\"share_type\": {\"name\": \"x\"}}", "share_type.extra_specs.driver_handles_share_servers")]
    [TestCase("{\"share_type\": {\"name\": \"x\", \"extra_specs\": {}}}", "share_type.extra_specs.driver_handles_share_servers")]
    [TestCase("{\"share_type\": {\"name\": \"x\", \"extra_specs\": {\"driver_handles_share_servers\": \"maybe\"}}}", "share_type.extra_specs.driver_handles_share_servers")]
    [TestCase("{\"share_type\": {\"name\": \"x\", \"extra_specs\": {\"driver_handles_share_servers\": \"False\", \"snapshot_support\": \"often\"}}}", "share_type.extra_specs.snapshot_support")]
    [TestCase("{\"share_type\": {\"name\": \"x\", \"extra_specs\": {\"driver_handles_share_servers\": \"False\", \"replication_type\": \"mirror\"}}}", "share_type.extra_specs.replication_type")]
    [TestCase("{\"share_type\": {\"name\": \"x\", \"extra_specs\": {\"driver_handles_share_servers\": \"False\", \"availability_zones\": \"az1,,az2\"}}}", "share_type.extra_specs.availability_zones")]
    [TestCase("{\"share_type\": {\"name\": \"x\", \"extra_specs\": {\"driver_handles_share_servers\": \"False\", \"provisioning:max_share_size\": \"0\"}}}", "share_type.extra_specs.provisioning:max_share_size")]
    [TestCase("{\"share_type\": {\"name\": \"x\", \"extra_specs\": {\"driver_handles_share_servers\": \"False\", \"provisioning:min_share_size\": \"5\", \"provisioning:max_share_size\": \"2\"}}}", "share_type.extra_specs")]
    [TestCase("{\"share_type\": {\"name\": \"x\", \"extra_specs\": {\"driver_handles_share_servers\": \"False\", \"bad key!\": \"v\"}}}", "share_type.extra_specs.bad key!")]
    [TestCase("{\"share_type\": {\"name\": \"x\", \"extra_specs\": {\"driver_handles_share_servers\": \"False\", \"k\": 5}}}", "share_type.extra_specs.k")]
    [TestCase("{\"share_type\": {\"name\": \"x\", \"extra_specs\": {\"driver_handles_share_servers\": \"False\", \"k\": \"\"}}}", "share_type.extra_specs.k")]
    [TestCase("{\"share_type\": {\"name\": \"\", \"extra_specs\": {\"driver_handles_share_servers\": \"False\"}}}", "share_type.name")]
    [TestCase("{\"share_type\": {\"extra_specs\": {\"driver_handles_share_servers\": \"False\"}}}", "share_type.name")]
    [TestCase("{\"share_type\": {\"name\": \"x\", \"share_type_access:is_public\": \"perhaps\", \"extra_specs\": {\"driver_handles_share_servers\": \"False\"}}}", "share_type.share_type_access:is_public")]
    [TestCase("{\"share_type\": {\"name\": \"x\", \"size\": 1, \"extra_specs\": {\"driver_handles_share_servers\": \"False\"}}}", "share_type.size")]
    [TestCase("{\"share\": {}}", "share")]
    [TestCase("{}", "share_type")]
    public async Task CreateShareType_BadInput_AnswersBadRequestNamingTheField(string body, string field)
    {
        var response = await _admin.SendAsync(HttpMethod.Post, "/v2/types", rawBody: body);

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.BadRequest), response.Body);
        Assert.That(response.FaultName, Is.EqualTo("badRequest"));
        Assert.That(response.ErrorMessage, Does.Contain($"'{field}'"));
    }

    [Test]
    public async Task CreateShareType_OverlongName_AnswersBadRequest()
    {
        var response = await _admin.PostAsync("/v2/types", new { share_type = new { name = new string('n', 256), extra_specs = new { driver_handles_share_servers = "False" } } });

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.BadRequest), response.Body);
        Assert.That(response.ErrorMessage, Does.Contain("'share_type.name'").And.Contain("255"));
    }

    [Test]
    public async Task CreateShareType_VolumeTypeBodyAndLegacyVisibilityKey_CreatesPrivateType()
    {
        var name = ShareTypeApi.NewName();

        var response = await _admin.SendAsync(HttpMethod.Post, "/v2/types",
            rawBody: $"{{\"volume_type\": {{\"name\": \"{name}\", \"os-share-type-access:is_public\": \"False\", \"extra_specs\": {{\"driver_handles_share_servers\": \"false\"}}}}}}");

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.OK), response.Body);
        Assert.That(response.Json["share_type"]!["share_type_access:is_public"]!.GetValue<bool>(), Is.False);
    }

    [Test]
    public async Task CreateShareType_Before2_24_AddsSnapshotSupportTrue()
    {
        _admin.Version = "2.23";

        var response = await _admin.PostAsync("/v2/types", new { share_type = new { name = ShareTypeApi.NewName(), extra_specs = new { driver_handles_share_servers = "False" } } });

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.OK), response.Body);
        Assert.That(response.Json["share_type"]!["extra_specs"]!["snapshot_support"]!.GetValue<string>(), Is.EqualTo("True"));
    }

    [Test]
    public async Task CreateShareType_From2_24_LeavesSnapshotSupportUnset()
    {
        var id = await _admin.CreateTypeAsync(ShareTypeApi.NewName());

        var type = await _admin.GetTypeAsync(id);

        Assert.That(type["extra_specs"]!.AsObject().ContainsKey("snapshot_support"), Is.False);
    }

    [Test]
    public async Task CreateShareType_DescriptionBefore2_41_AnswersBadRequest()
    {
        _admin.Version = "2.40";

        var response = await _admin.PostAsync("/v2/types", new { share_type = new { name = ShareTypeApi.NewName(), description = "d", extra_specs = new { driver_handles_share_servers = "False" } } });

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.BadRequest), response.Body);
        Assert.That(response.ErrorMessage, Does.Contain("'share_type.description'").And.Contain("2.41"));
    }

    [Test]
    public async Task CreateShareType_AvailabilityZonesWithBlanks_StoresTrimmedList()
    {
        var id = await _admin.CreateTypeAsync(ShareTypeApi.NewName(), new() { ["availability_zones"] = " az1 , az2" });

        var type = await _admin.GetTypeAsync(id);

        Assert.That(type["extra_specs"]!["availability_zones"]!.GetValue<string>(), Is.EqualTo("az1,az2"));
    }

    [TestCase("2.0", "os-share-type-access:is_public", new[] { "description", "is_default", "share_type_access:is_public" })]
    [TestCase("2.6", "os-share-type-access:is_public", new[] { "description", "is_default", "share_type_access:is_public" })]
    [TestCase("2.7", "share_type_access:is_public", new[] { "description", "is_default", "os-share-type-access:is_public" })]
    [TestCase("2.41", "description", new[] { "is_default" })]
    [TestCase("2.46", "is_default", new[] { "os-share-type-access:is_public" })]
    public async Task GetShareType_AtMicroversion_ShowsOnlyTheFieldsOfThatVersion(string version, string present, string[] absent)
    {
        var id = await _admin.CreateTypeAsync(ShareTypeApi.NewName());
        _admin.Version = version;

        var type = await _admin.GetTypeAsync(id);

        Assert.That(type.AsObject().ContainsKey(present), Is.True, type.ToJsonString());
        Assert.That(absent.Where(type.AsObject().ContainsKey), Is.Empty, type.ToJsonString());
    }

    [Test]
    public async Task GetShareType_ByName_FindsTheType()
    {
        var name = ShareTypeApi.NewName();
        var id = await _admin.CreateTypeAsync(name);

        var type = await _reader.GetTypeAsync(name);

        Assert.That(type["id"]!.GetValue<string>(), Is.EqualTo(id));
    }

    [Test]
    public async Task GetShareType_Unknown_AnswersNotFound()
    {
        var response = await _demo.GetAsync("/v2/types/no-such-type");

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(response.FaultName, Is.EqualTo("itemNotFound"));
    }

    [Test]
    public async Task GetDefaultShareType_Configured_AnswersItWithIsDefault()
    {
        var response = await _demo.GetAsync("/v2/types/default");

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.OK), response.Body);
        Assert.That(response.Json["share_type"]!["name"]!.GetValue<string>(), Is.EqualTo("default"));
        Assert.That(response.Json["share_type"]!["is_default"]!.GetValue<bool>(), Is.True);
    }

    [Test]
    public async Task ListShareTypes_AfterCreate_ListsTheTypeUnderBothKeys()
    {
        var name = ShareTypeApi.NewName();
        await _admin.CreateTypeAsync(name);

        var response = await _reader.GetAsync("/v2/types");

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.OK), response.Body);
        Assert.That(response.Json["share_types"]!.AsArray().Select(t => t!["name"]!.GetValue<string>()), Does.Contain(name).And.Contain("default"));
        Assert.That(response.Json["volume_types"]!.ToJsonString(), Is.EqualTo(response.Json["share_types"]!.ToJsonString()));
    }

    [Test]
    public async Task UpdateShareType_NameDescriptionAndVisibility_ChangesThem()
    {
        var id = await _admin.CreateTypeAsync(ShareTypeApi.NewName());
        var newName = ShareTypeApi.NewName("renamed");

        var response = await _admin.PutAsync($"/v2/types/{id}", new Dictionary<string, object>
        {
            ["share_type"] = new Dictionary<string, object> { ["name"] = newName, ["description"] = "now private", ["share_type_access:is_public"] = false },
        });

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.OK), response.Body);
        var type = await _admin.GetTypeAsync(id);
        Assert.Multiple(() =>
        {
            Assert.That(type["name"]!.GetValue<string>(), Is.EqualTo(newName));
            Assert.That(type["description"]!.GetValue<string>(), Is.EqualTo("now private"));
            Assert.That(type["share_type_access:is_public"]!.GetValue<bool>(), Is.False);
        });
    }

    [Test]
    public async Task UpdateShareType_OnlyDescription_KeepsNameAndVisibility()
    {
        var name = ShareTypeApi.NewName();
        var id = await _admin.CreateTypeAsync(name);

        var response = await _admin.PutAsync($"/v2/types/{id}", new { share_type = new { description = "" } });

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.OK), response.Body);
        Assert.That(response.Json["share_type"]!["name"]!.GetValue<string>(), Is.EqualTo(name));
        Assert.That(response.Json["share_type"]!["description"]!.GetValue<string>(), Is.Empty);
        Assert.That(response.Json["share_type"]!["share_type_access:is_public"]!.GetValue<bool>(), Is.True);
    }

    [Test]
    public async Task UpdateShareType_Before2_50_AnswersNotFound()
    {
        var id = await _admin.CreateTypeAsync(ShareTypeApi.NewName());
        _admin.Version = "2.49";

        var response = await _admin.PutAsync($"/v2/types/{id}", new { share_type = new { description = "x" } });

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.NotFound), response.Body);
    }

    [Test]
    public async Task UpdateShareType_NameTaken_AnswersConflict()
    {
        var taken = ShareTypeApi.NewName();
        await _admin.CreateTypeAsync(taken);
        var id = await _admin.CreateTypeAsync(ShareTypeApi.NewName());

        var response = await _admin.PutAsync($"/v2/types/{id}", new { share_type = new { name = taken } });

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.Conflict), response.Body);
    }

    [TestCase("{\"share_type\": {}}", "share_type")]
    [TestCase("{\"share_type\": {\"name\": \" \"}}", "share_type.name")]
    [TestCase("{\"share_type\": {\"share_type_access:is_public\": \"sometimes\"}}", "share_type.share_type_access:is_public")]
    [TestCase("{\"share_type\": {\"extra_specs\": {}}}", "share_type.extra_specs")]
    public async Task UpdateShareType_BadInput_AnswersBadRequestNamingTheField(string body, string field)
    {
        var id = await _admin.CreateTypeAsync(ShareTypeApi.NewName());

        var response = await _admin.SendAsync(HttpMethod.Put, $"/v2/types/{id}", rawBody: body);

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.BadRequest), response.Body);
        Assert.That(response.ErrorMessage, Does.Contain($"'{field}'"));
    }

    [Test]
    public async Task UpdateShareType_Unknown_AnswersNotFound()
    {
        var response = await _admin.PutAsync("/v2/types/no-such-type", new { share_type = new { description = "x" } });

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.NotFound), response.Body);
    }

    [Test]
    public async Task UpdateShareType_NonAdmin_AnswersForbidden()
    {
        var id = await _admin.CreateTypeAsync(ShareTypeApi.NewName());

        var response = await _demo.PutAsync($"/v2/types/{id}", new { share_type = new { description = "x" } });

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.Forbidden), response.Body);
    }

    [Test]
    public async Task DeleteShareType_Unused_AnswersAcceptedAndIsGone()
    {
        var id = await _admin.CreateTypeAsync(ShareTypeApi.NewName());

        var response = await _admin.DeleteAsync($"/v2/types/{id}");

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.Accepted), response.Body);
        Assert.That((await _admin.GetAsync($"/v2/types/{id}")).Status, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That((await _admin.DeleteAsync($"/v2/types/{id}")).Status, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task DeleteShareType_UsedByAShare_AnswersBadRequestNamingTheType()
    {
        var name = ShareTypeApi.NewName();
        var id = await _admin.CreateTypeAsync(name);
        var shareId = await _admin.CreateShareAsync(type: name);
        await _admin.WaitForShareAsync(shareId, "available");

        var response = await _admin.DeleteAsync($"/v2/types/{id}");

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.BadRequest), response.Body);
        Assert.That(response.ErrorMessage, Does.Contain(name).And.Contain("in use"));
        Assert.That((await _admin.GetAsync($"/v2/types/{id}")).Status, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task DeleteShareType_NonAdmin_AnswersForbiddenAndKeepsTheType()
    {
        var id = await _admin.CreateTypeAsync(ShareTypeApi.NewName());

        var response = await _demo.DeleteAsync($"/v2/types/{id}");

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.Forbidden), response.Body);
        Assert.That((await _admin.GetAsync($"/v2/types/{id}")).Status, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task DeleteShareType_ByName_AnswersNotFoundAsManila()
    {
        var name = ShareTypeApi.NewName();
        await _admin.CreateTypeAsync(name);

        var response = await _admin.DeleteAsync($"/v2/types/{name}");

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.NotFound), response.Body);
    }

    [Test]
    public async Task ListShareTypes_WithProjectIdInUrl_AnswersTheSameList()
    {
        var response = await _demo.GetAsync("/v2/demoproject/types");

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.OK), response.Body);
        Assert.That(response.Json["share_types"]!.AsArray(), Is.Not.Empty);
    }
}
