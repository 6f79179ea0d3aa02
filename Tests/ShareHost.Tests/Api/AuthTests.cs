using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc.Testing;
using ShareHost.Tests.Infrastructure;

namespace ShareHost.Tests.Api;

/// <summary>Tokens, roles and project isolation through the real pipeline (manila-zed §1.1, §1.5, §10).</summary>
public sealed class AuthTests
{
    private TestHost _host = null!;
    private ApiClient _admin = null!;
    private ApiClient _demo = null!;
    private ApiClient _reader = null!;
    private ApiClient _other = null!;

    [OneTimeSetUp]
    public void SetUp()
    {
        _host = new TestHost();
        _admin = _host.Client(TestHost.AdminToken);
        _demo = _host.Client(TestHost.DemoToken);
        _reader = _host.Client(TestHost.ReaderToken);
        _other = _host.Client(TestHost.OtherToken);
    }

    [OneTimeTearDown]
    public void TearDown()
    {
        _admin.Dispose();
        _demo.Dispose();
        _reader.Dispose();
        _other.Dispose();
        _host.Dispose();
    }

    [TestCase("GET", "/v2/shares")]
    [TestCase("GET", "/v2/shares/detail")]
    [TestCase("POST", "/v2/shares")]
    [TestCase("GET", "/v2/demoproject/shares")]
    public async Task AnyApiCall_WithoutToken_Answers401WithManilaBody(string method, string path)
    {
        using var http = _host.CreateClient();
        using var request = new HttpRequestMessage(new HttpMethod(method), path);

        using var response = await http.SendAsync(request);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(body["unauthorized"]?["code"]?.GetValue<int>(), Is.EqualTo(401));
        Assert.That(body["unauthorized"]?["message"]?.GetValue<string>(), Does.Contain("X-Auth-Token"));
    }

    [Test]
    public async Task AnyApiCall_UnknownToken_Answers401()
    {
        using var client = _host.Client("no-such-token");

        var response = await client.GetAsync("/v2/shares");

        Fault.AssertIs(response, HttpStatusCode.Unauthorized, "token");
    }

    [Test]
    public async Task AnyApiCall_WithoutTokenAndWithMalformedVersion_Answers401First()
    {
        using var http = _host.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v2/shares");
        request.Headers.Add("X-OpenStack-Manila-API-Version", "banana");

        using var response = await http.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), "who is calling is settled before anything about the API is answered");
    }

    [Test]
    public async Task VersionRoot_WithoutToken_Answers300()
    {
        using var http = _host.CreateClient();

        using var response = await http.GetAsync("/");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.MultipleChoices));
    }

    [Test]
    public async Task Version2Document_WithoutToken_Answers200()
    {
        using var http = _host.CreateClient();

        using var response = await http.GetAsync("/v2/");
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(body["versions"]!.AsArray().Select(v => v!["id"]!.GetValue<string>()), Is.EqualTo(new[] { "v2.0" }));
    }

    [Test]
    public async Task Version2WithoutSlash_WithoutToken_RedirectsToSlash()
    {
        using var http = _host.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        using var response = await http.GetAsync("/v2");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(response.Headers.Location?.OriginalString, Does.EndWith("/v2/"));
    }

    [Test]
    public async Task ShowShare_OtherProjectsShare_Answers404()
    {
        var id = await _demo.CreateShareAsync(name: "demo-private-show");

        var response = await _other.GetAsync($"/v2/shares/{id}");

        Fault.AssertIs(response, HttpStatusCode.NotFound, id);
    }

    [Test]
    public async Task DeleteShare_OtherProjectsShare_Answers404AndKeepsIt()
    {
        var id = await _demo.CreateShareAsync(name: "demo-private-delete");
        await _demo.WaitForShareAsync(id, "available");

        var response = await _other.DeleteAsync($"/v2/shares/{id}");

        Fault.AssertIs(response, HttpStatusCode.NotFound, id);
        Assert.That((await _demo.GetAsync($"/v2/shares/{id}")).Json["share"]!["status"]!.GetValue<string>(), Is.EqualTo("available"));
    }

    [Test]
    public async Task ShareAction_OtherProjectsShare_Answers404EvenForAnAdminOnlyAction()
    {
        var id = await _demo.CreateShareAsync(name: "demo-private-action");
        await _demo.WaitForShareAsync(id, "available");

        var response = await _other.PostAsync($"/v2/shares/{id}/action", new { reset_status = new { status = "error" } });

        Fault.AssertIs(response, HttpStatusCode.NotFound, id);
    }

    [Test]
    public async Task ShareAction_UnknownShare_Answers404()
    {
        var response = await _admin.PostAsync($"/v2/shares/{Guid.NewGuid()}/action", new { reset_status = new { status = "error" } });

        Fault.AssertIs(response, HttpStatusCode.NotFound);
    }

    [Test]
    public async Task PublicShare_OtherProject_CanSeeButCannotDelete()
    {
        var created = await _admin.PostAsync("/v2/shares", new { share = new { size = 1, share_proto = "NFS", name = "everyones", is_public = true } });
        var id = created.Json["share"]!["id"]!.GetValue<string>();
        await _admin.WaitForShareAsync(id, "available");

        var show = await _other.GetAsync($"/v2/shares/{id}");
        var listedWithPublic = await _other.GetAsync("/v2/shares?is_public=true");
        var delete = await _other.DeleteAsync($"/v2/shares/{id}");

        Assert.That(show.Status, Is.EqualTo(HttpStatusCode.OK), show.Body);
        Assert.That(show.Json["share"]!["is_public"]!.GetValue<bool>(), Is.True);
        Assert.That(Ids(listedWithPublic), Does.Contain(id));
        Fault.AssertIs(delete, HttpStatusCode.Forbidden, "share:delete");
        Assert.That((await _admin.GetAsync($"/v2/shares/{id}")).Status, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task ListShares_OtherProjectWithoutIsPublic_DoesNotShowPublicShares()
    {
        var created = await _admin.PostAsync("/v2/shares", new { share = new { size = 1, share_proto = "NFS", name = "public-unlisted", is_public = true } });
        var id = created.Json["share"]!["id"]!.GetValue<string>();

        var listed = await _other.GetAsync("/v2/shares");

        Assert.That(Ids(listed), Does.Not.Contain(id));
    }

    [Test]
    public async Task CreateShare_PublicByMember_Answers403()
    {
        var response = await _demo.PostAsync("/v2/shares", new { share = new { size = 1, share_proto = "NFS", is_public = true } });

        Fault.AssertIs(response, HttpStatusCode.Forbidden, "share:create_public_share");
    }

    [Test]
    public async Task CreateShare_Reader_Answers403()
    {
        var response = await _reader.PostAsync("/v2/shares", new { share = new { size = 1, share_proto = "NFS" } });

        Fault.AssertIs(response, HttpStatusCode.Forbidden, "Policy doesn't allow share:create");
    }

    [Test]
    public async Task ListAndShow_Reader_SeesItsProjectsShares()
    {
        var id = await _demo.CreateShareAsync(name: "seen-by-reader");

        var list = await _reader.GetAsync("/v2/shares/detail");
        var show = await _reader.GetAsync($"/v2/shares/{id}");

        Assert.That(list.Status, Is.EqualTo(HttpStatusCode.OK), list.Body);
        Assert.That(Ids(list), Does.Contain(id));
        Assert.That(show.Status, Is.EqualTo(HttpStatusCode.OK), show.Body);
    }

    [Test]
    public async Task DeleteShare_Reader_Answers403()
    {
        var id = await _demo.CreateShareAsync(name: "reader-cannot-delete");
        await _demo.WaitForShareAsync(id, "available");

        var response = await _reader.DeleteAsync($"/v2/shares/{id}");

        Fault.AssertIs(response, HttpStatusCode.Forbidden, "share:delete");
    }

    [Test]
    public async Task ResetStatus_Member_Answers403NamingThePolicy()
    {
        var id = await _demo.CreateShareAsync(name: "member-reset");
        await _demo.WaitForShareAsync(id, "available");

        var response = await _demo.PostAsync($"/v2/shares/{id}/action", new { reset_status = new { status = "error" } });

        Fault.AssertIs(response, HttpStatusCode.Forbidden, "Policy doesn't allow share:reset_status to be performed");
        Assert.That(response.Body, Does.Contain("doesn't allow"), "quotes are written as themselves, not as \u0027");
        Assert.That((await _demo.GetAsync($"/v2/shares/{id}")).Json["share"]!["status"]!.GetValue<string>(), Is.EqualTo("available"));
    }

    [Test]
    public async Task ResetStatus_Admin_OnAnotherProjectsShare_Works()
    {
        var id = await _demo.CreateShareAsync(name: "admin-reset");
        await _demo.WaitForShareAsync(id, "available");

        var response = await _admin.PostAsync($"/v2/shares/{id}/action", new { reset_status = new { status = "error" } });

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.Accepted), response.Body);
        Assert.That((await _demo.GetAsync($"/v2/shares/{id}")).Json["share"]!["status"]!.GetValue<string>(), Is.EqualTo("error"));
    }

    [Test]
    public async Task ListShares_AdminWithAllTenants_SeesEveryProject()
    {
        var demo = await _demo.CreateShareAsync(name: "tenant-demo");
        var other = await _other.CreateShareAsync(name: "tenant-other");
        var own = await _admin.CreateShareAsync(name: "tenant-admin");

        var all = await _admin.GetAsync("/v2/shares/detail?all_tenants=1");
        var scoped = await _admin.GetAsync("/v2/shares/detail");

        Assert.That(Ids(all), Is.SupersetOf(new[] { demo, other, own }));
        Assert.That(Ids(scoped), Does.Contain(own).And.Not.Contain(demo).And.Not.Contain(other));
        Assert.That(scoped.Json["shares"]!.AsArray().Select(s => s!["project_id"]!.GetValue<string>()).Distinct(), Is.EqualTo(new[] { "adminproject" }));
    }

    [Test]
    public async Task ListShares_MemberWithAllTenants_StillSeesOnlyItsProject()
    {
        var other = await _other.CreateShareAsync(name: "not-for-demo");

        var listed = await _demo.GetAsync("/v2/shares/detail?all_tenants=1");

        Assert.That(Ids(listed), Does.Not.Contain(other));
        Assert.That(listed.Json["shares"]!.AsArray().Select(s => s!["project_id"]!.GetValue<string>()).Distinct(), Is.EqualTo(new[] { "demoproject" }));
    }

    [Test]
    public async Task ProjectScopedUrl_CallersProject_WorksAndLinksCarryTheProject()
    {
        var created = await _demo.PostAsync("/v2/demoproject/shares", new { share = new { size = 1, share_proto = "NFS", name = "scoped" } });
        var id = created.Json["share"]!["id"]!.GetValue<string>();

        var show = await _demo.GetAsync($"/v2/demoproject/shares/{id}");
        var list = await _demo.GetAsync("/v2/demoproject/shares");

        Assert.That(created.Status, Is.EqualTo(HttpStatusCode.OK), created.Body);
        Assert.That(show.Status, Is.EqualTo(HttpStatusCode.OK), show.Body);
        var links = show.Json["share"]!["links"]!.AsArray();
        Assert.That(links.Single(l => l!["rel"]!.GetValue<string>() == "self")!["href"]!.GetValue<string>(), Does.EndWith($"/v2/demoproject/shares/{id}"));
        Assert.That(links.Single(l => l!["rel"]!.GetValue<string>() == "bookmark")!["href"]!.GetValue<string>(), Does.EndWith($"/demoproject/shares/{id}").And.Not.Contain("/v2/"));
        Assert.That(Ids(list), Does.Contain(id));
    }

    [Test]
    public async Task ProjectlessUrl_LinksCarryNoProject()
    {
        var id = await _demo.CreateShareAsync(name: "unscoped");

        var show = await _demo.GetAsync($"/v2/shares/{id}");

        var self = show.Json["share"]!["links"]!.AsArray().Single(l => l!["rel"]!.GetValue<string>() == "self")!["href"]!.GetValue<string>();
        Assert.That(new Uri(self).AbsolutePath, Is.EqualTo($"/v2/shares/{id}"));
    }

    [TestCase("GET", "/v2/otherproject/shares")]
    [TestCase("GET", "/v2/otherproject/shares/detail")]
    [TestCase("POST", "/v2/otherproject/shares")]
    [TestCase("GET", "/v2/adminproject/shares")]
    public async Task ProjectScopedUrl_AnotherProject_Answers400MalformedRequestUrl(string method, string path)
    {
        var response = await _demo.SendAsync(new HttpMethod(method), path, method == "POST" ? new { share = new { size = 1, share_proto = "NFS" } } : null);

        Fault.AssertIs(response, HttpStatusCode.BadRequest, "Malformed request url");
    }

    [Test]
    public async Task ProjectScopedUrl_AdminWithAnotherProject_Answers400()
    {
        var response = await _admin.GetAsync("/v2/demoproject/shares");

        Fault.AssertIs(response, HttpStatusCode.BadRequest, "Malformed request url");
    }

    [Test]
    public async Task AuthenticatedCall_CarriesRequestId()
    {
        var response = await _demo.GetAsync("/v2/shares");

        Assert.That(response.Headers.GetValues("x-compute-request-id").Single(), Does.Match("^req-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"));
    }

    private static List<string> Ids(ApiClient.Response response)
    {
        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.OK), response.Body);
        return response.Json["shares"]!.AsArray().Select(s => s!["id"]!.GetValue<string>()).ToList();
    }
}
