using System.Net;
using ShareHost.Tests.Infrastructure;

namespace ShareHost.Tests.Features.ShareTypes;

/// <summary>Private types, project access, and what non-admins see of a type.</summary>
public sealed class ShareTypeVisibilityTests
{
    private TestHost _host = null!;
    private ApiClient _admin = null!;
    private ApiClient _demo = null!;
    private ApiClient _other = null!;

    [OneTimeSetUp]
    public void OneTimeSetUp()
    {
        _host = new TestHost();
        _admin = _host.Client();
        _demo = _host.Client(TestHost.DemoToken);
        _other = _host.Client(TestHost.OtherToken);
    }

    [OneTimeTearDown]
    public void OneTimeTearDown()
    {
        _admin.Dispose();
        _demo.Dispose();
        _other.Dispose();
        _host.Dispose();
    }

    [SetUp]
    public void SetUp()
    {
        _admin.Version = "2.72";
        _demo.Version = "2.72";
    }

    [Test]
    public async Task ListShareTypes_PrivateTypeWithoutAccess_IsHiddenFromTheProject()
    {
        var name = ShareTypeApi.NewName("private");
        await _admin.CreateTypeAsync(name, isPublic: false);

        var names = await _demo.ListTypeNamesAsync();

        Assert.That(names, Does.Not.Contain(name).And.Contain("default"));
    }

    [Test]
    public async Task ListShareTypes_PrivateTypeAfterAddProjectAccess_IsListedForThatProjectOnly()
    {
        var name = ShareTypeApi.NewName("private");
        var id = await _admin.CreateTypeAsync(name, isPublic: false);

        var added = await _admin.AddProjectAccessAsync(id, "demoproject");

        Assert.That(added.Status, Is.EqualTo(HttpStatusCode.Accepted), added.Body);
        Assert.That(await _demo.ListTypeNamesAsync(), Does.Contain(name));
        Assert.That(await _other.ListTypeNamesAsync(), Does.Not.Contain(name));
    }

    [Test]
    public async Task ListShareTypes_NonAdminAsksForPrivateOnes_StillSeesOnlyWhatItMayUse()
    {
        var name = ShareTypeApi.NewName("private");
        await _admin.CreateTypeAsync(name, isPublic: false);

        var names = await _demo.ListTypeNamesAsync("?is_public=all");

        Assert.That(names, Does.Not.Contain(name).And.Contain("default"));
    }

    [Test]
    public async Task ListShareTypes_AdminIsPublicFilter_SelectsPublicPrivateOrAll()
    {
        var privateName = ShareTypeApi.NewName("private");
        var publicName = ShareTypeApi.NewName("public");
        await _admin.CreateTypeAsync(privateName, isPublic: false);
        await _admin.CreateTypeAsync(publicName);

        var byDefault = await _admin.ListTypeNamesAsync();
        var onlyPrivate = await _admin.ListTypeNamesAsync("?is_public=false");
        var all = await _admin.ListTypeNamesAsync("?is_public=all");

        Assert.Multiple(() =>
        {
            Assert.That(byDefault, Does.Contain(publicName).And.Not.Contain(privateName));
            Assert.That(onlyPrivate, Does.Contain(privateName).And.Not.Contain(publicName));
            Assert.That(all, Does.Contain(privateName).And.Contain(publicName));
        });
    }

    [Test]
    public async Task ListShareTypes_BadIsPublicFilter_AnswersBadRequest()
    {
        var response = await _admin.GetAsync("/v2/types?is_public=sometimes");

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.BadRequest), response.Body);
        Assert.That(response.ErrorMessage, Does.Contain("is_public"));
    }

    [TestCase("{'replication_type': 'readable'}")]
    [TestCase("{\"replication_type\": \"readable\"}")]
    [TestCase("{'replication_type': 'readable', 'snapshot_support': True}")]
    [TestCase("{'snapshot_support': 'true', 'replication_type': 'readable'}")]
    public async Task ListShareTypes_ExtraSpecsFilter_KeepsOnlyMatchingTypes(string filter)
    {
        var matching = ShareTypeApi.NewName("match");
        var other = ShareTypeApi.NewName("other");
        await _admin.CreateTypeAsync(matching, new() { ["replication_type"] = "readable", ["snapshot_support"] = "<is> True" });
        await _admin.CreateTypeAsync(other, new() { ["replication_type"] = "dr", ["snapshot_support"] = "True" });

        var names = await _admin.ListTypeNamesAsync("?extra_specs=" + Uri.EscapeDataString(filter));

        Assert.That(names, Does.Contain(matching).And.Not.Contain(other).And.Not.Contain("default"));
    }

    [Test]
    public async Task ListShareTypes_ExtraSpecsFilterBefore2_43_AnswersBadRequest()
    {
        _admin.Version = "2.42";

        var response = await _admin.GetAsync("/v2/types?extra_specs=" + Uri.EscapeDataString("{'a': 'b'}"));

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.BadRequest), response.Body);
        Assert.That(response.ErrorMessage, Does.Contain("2.43"));
    }

    [Test]
    public async Task ListShareTypes_MalformedExtraSpecsFilter_AnswersBadRequest()
    {
        var response = await _admin.GetAsync("/v2/types?extra_specs=" + Uri.EscapeDataString("{'a': "));

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.BadRequest), response.Body);
        Assert.That(response.ErrorMessage, Does.Contain("extra_specs"));
    }

    [Test]
    public async Task GetShareType_PrivateWithoutAccess_AnswersNotFoundThenFoundAfterAccess()
    {
        var name = ShareTypeApi.NewName("private");
        var id = await _admin.CreateTypeAsync(name, isPublic: false);

        var before = await _demo.GetAsync($"/v2/types/{id}");
        await _admin.AddProjectAccessAsync(id, "demoproject");
        var after = await _demo.GetAsync($"/v2/types/{name}");

        Assert.That(before.Status, Is.EqualTo(HttpStatusCode.NotFound), before.Body);
        Assert.That(after.Status, Is.EqualTo(HttpStatusCode.OK), after.Body);
    }

    [Test]
    public async Task GetShareType_NonAdmin_SeesTenantVisibleSpecsAndInferredSnapshotFlags()
    {
        var id = await _admin.CreateTypeAsync(ShareTypeApi.NewName(), new()
        {
            ["snapshot_support"] = "True",
            ["replication_type"] = "readable",
            ["availability_zones"] = "az1",
            ["provisioning:max_share_size"] = "100",
            ["vendor:secret"] = "x",
            ["compression"] = "<is> True",
        });

        var type = await _demo.GetTypeAsync(id);

        var specs = type["extra_specs"]!.AsObject().ToDictionary(p => p.Key, p => p.Value!.GetValue<string>());
        Assert.That(specs, Is.EquivalentTo(new Dictionary<string, string>
        {
            ["driver_handles_share_servers"] = "False",
            ["snapshot_support"] = "True",
            ["create_share_from_snapshot_support"] = "False",
            ["revert_to_snapshot_support"] = "False",
            ["mount_snapshot_support"] = "False",
            ["replication_type"] = "readable",
            ["availability_zones"] = "az1",
        }));
    }

    [Test]
    public async Task GetShareType_NonAdminBefore2_24_GetsNoInferredFlags()
    {
        var id = await _admin.CreateTypeAsync(ShareTypeApi.NewName());
        _demo.Version = "2.23";

        var type = await _demo.GetTypeAsync(id);

        Assert.That(type["extra_specs"]!.AsObject().Select(p => p.Key), Is.EquivalentTo(new[] { "driver_handles_share_servers" }));
    }

    [Test]
    public async Task GetShareType_Admin_SeesEverySpecAndNoInferredOnes()
    {
        var id = await _admin.CreateTypeAsync(ShareTypeApi.NewName(), new() { ["vendor:secret"] = "x" });

        var type = await _admin.GetTypeAsync(id);

        Assert.That(type["extra_specs"]!.AsObject().Select(p => p.Key), Is.EquivalentTo(new[] { "driver_handles_share_servers", "vendor:secret" }));
    }

    [Test]
    public async Task CreateShare_PrivateTypeWithoutAccess_AnswersNotFoundUntilAccessIsAdded()
    {
        var name = ShareTypeApi.NewName("private");
        var id = await _admin.CreateTypeAsync(name, isPublic: false);
        var request = new { share = new { size = 1, share_proto = "NFS", share_type = name } };

        var refused = await _demo.PostAsync("/v2/shares", request);
        await _admin.AddProjectAccessAsync(id, "demoproject");
        var accepted = await _demo.PostAsync("/v2/shares", request);

        Assert.That(refused.Status, Is.EqualTo(HttpStatusCode.NotFound), refused.Body);
        Assert.That(accepted.Status, Is.EqualTo(HttpStatusCode.OK), accepted.Body);
        await _demo.WaitForShareAsync(accepted.Json["share"]!["id"]!.GetValue<string>(), "available");
    }

    [Test]
    public async Task CreateShare_AfterRemoveProjectAccess_AnswersNotFoundAgain()
    {
        var id = await _admin.CreateTypeAsync(ShareTypeApi.NewName("private"), isPublic: false);
        await _admin.AddProjectAccessAsync(id, "demoproject");

        var removed = await _admin.RemoveProjectAccessAsync(id, "demoproject");
        var response = await _demo.PostAsync("/v2/shares", new { share = new { size = 1, share_proto = "NFS", share_type = id } });

        Assert.That(removed.Status, Is.EqualTo(HttpStatusCode.Accepted), removed.Body);
        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.NotFound), response.Body);
    }

    [TestCase("share_type_access")]
    [TestCase("os-share-type-access")]
    public async Task ListTypeAccess_PrivateType_ListsTheProjects(string path)
    {
        var id = await _admin.CreateTypeAsync(ShareTypeApi.NewName("private"), isPublic: false);
        await _admin.AddProjectAccessAsync(id, "demoproject");
        await _admin.AddProjectAccessAsync(id, "otherproject");

        var response = await _admin.GetAsync($"/v2/types/{id}/{path}");

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.OK), response.Body);
        Assert.That(response.Json["share_type_access"]!.ToJsonString(), Is.EqualTo(
            $"[{{\"share_type_id\":\"{id}\",\"project_id\":\"demoproject\"}},{{\"share_type_id\":\"{id}\",\"project_id\":\"otherproject\"}}]"));
    }

    [Test]
    public async Task ListTypeAccess_PublicType_AnswersNotFoundAsManila()
    {
        var id = await _admin.CreateTypeAsync(ShareTypeApi.NewName());

        var response = await _admin.GetAsync($"/v2/types/{id}/share_type_access");

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.NotFound), response.Body);
        Assert.That(response.ErrorMessage, Does.Contain("public"));
    }

    [Test]
    public async Task ListTypeAccess_NonAdmin_AnswersForbidden()
    {
        var id = await _admin.CreateTypeAsync(ShareTypeApi.NewName("private"), isPublic: false);
        await _admin.AddProjectAccessAsync(id, "demoproject");

        var response = await _demo.GetAsync($"/v2/types/{id}/share_type_access");

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.Forbidden), response.Body);
    }

    [Test]
    public async Task AddProjectAccess_Twice_AnswersConflict()
    {
        var id = await _admin.CreateTypeAsync(ShareTypeApi.NewName("private"), isPublic: false);
        await _admin.AddProjectAccessAsync(id, "demoproject");

        var response = await _admin.AddProjectAccessAsync(id, "demoproject");

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.Conflict), response.Body);
    }

    [Test]
    public async Task AddProjectAccess_PublicType_AnswersConflict()
    {
        var id = await _admin.CreateTypeAsync(ShareTypeApi.NewName());

        var response = await _admin.AddProjectAccessAsync(id, "demoproject");

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.Conflict), response.Body);
        Assert.That(response.ErrorMessage, Does.Contain("public"));
    }

    [Test]
    public async Task AddProjectAccess_UnknownType_AnswersNotFound()
    {
        var response = await _admin.AddProjectAccessAsync(Guid.NewGuid().ToString(), "demoproject");

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.NotFound), response.Body);
    }

    [Test]
    public async Task AddProjectAccess_NonAdmin_AnswersForbidden()
    {
        var name = ShareTypeApi.NewName("private");
        var id = await _admin.CreateTypeAsync(name, isPublic: false);

        var response = await _demo.AddProjectAccessAsync(id, "demoproject");

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.Forbidden), response.Body);
        Assert.That(await _demo.ListTypeNamesAsync(), Does.Not.Contain(name));
    }

    [Test]
    public async Task RemoveProjectAccess_ProjectWithoutAccess_AnswersNotFound()
    {
        var id = await _admin.CreateTypeAsync(ShareTypeApi.NewName("private"), isPublic: false);

        var response = await _admin.RemoveProjectAccessAsync(id, "demoproject");

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.NotFound), response.Body);
    }

    [TestCase("{\"addProjectAccess\": {}}", "addProjectAccess.project")]
    [TestCase("{\"addProjectAccess\": {\"project\": \"two words\"}}", "addProjectAccess.project")]
    [TestCase("{\"addProjectAccess\": {\"project\": \"p\", \"extra\": 1}}", "addProjectAccess.extra")]
    [TestCase("{\"addProjectAccess\": \"demoproject\"}", "addProjectAccess")]
    [TestCase("{\"shareAccess\": {\"project\": \"p\"}}", "no such action")]
    [TestCase("{\"addProjectAccess\": {\"project\": \"p\"}, \"removeProjectAccess\": {\"project\": \"p\"}}", "exactly one key")]
    public async Task ShareTypeAction_BadBody_AnswersBadRequest(string body, string expected)
    {
        var id = await _admin.CreateTypeAsync(ShareTypeApi.NewName("private"), isPublic: false);

        var response = await _admin.SendAsync(HttpMethod.Post, $"/v2/types/{id}/action", rawBody: body);

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.BadRequest), response.Body);
        Assert.That(response.ErrorMessage, Does.Contain(expected));
    }
}
