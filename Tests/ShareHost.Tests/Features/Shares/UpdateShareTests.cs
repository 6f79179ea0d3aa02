using System.Net;
using System.Text.Json.Nodes;
using ShareHost.Tests.Infrastructure;

namespace ShareHost.Tests.Features.Shares;

public sealed class UpdateShareTests
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

    [Test]
    public async Task Update_DisplayNameAndDescription_AnswersAndStoresThem()
    {
        var id = await _demo.AvailableShareAsync();

        var response = await _demo.PutAsync($"/v2/shares/{id}", new { share = new { display_name = "renamed", display_description = "about it" } });

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.OK), response.Body);
        Assert.That(response.Json["share"]!["name"]!.GetValue<string>(), Is.EqualTo("renamed"));
        var stored = await _demo.ShowAsync(id);
        Assert.That(stored["name"]!.GetValue<string>(), Is.EqualTo("renamed"));
        Assert.That(stored["description"]!.GetValue<string>(), Is.EqualTo("about it"));
    }

    [Test]
    public async Task Update_OnlyDescription_KeepsTheName()
    {
        var id = await _demo.CreateShareAsync(name: "kept");

        await _demo.PutAsync($"/v2/shares/{id}", new { share = new { display_description = "new" } });

        var stored = await _demo.ShowAsync(id);
        Assert.That(stored["name"]!.GetValue<string>(), Is.EqualTo("kept"));
        Assert.That(stored["description"]!.GetValue<string>(), Is.EqualTo("new"));
    }

    [Test]
    public async Task Update_NullDisplayName_ClearsIt()
    {
        var id = await _demo.CreateShareAsync(name: "gone soon");

        var response = await _demo.SendAsync(HttpMethod.Put, $"/v2/shares/{id}", rawBody: "{\"share\": {\"display_name\": null}}");

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.OK), response.Body);
        Assert.That((await _demo.ShowAsync(id))["name"], Is.Null);
    }

    [Test]
    public async Task Update_IsPublicByMember_Is403()
    {
        var id = await _demo.AvailableShareAsync();

        var response = await _demo.PutAsync($"/v2/shares/{id}", new { share = new { is_public = true } });

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(response.ErrorMessage, Does.Contain("share:set_public_share"));
        Assert.That((await _demo.ShowAsync(id))["is_public"]!.GetValue<bool>(), Is.False);
    }

    [Test]
    public async Task Update_IsPublicByAdmin_MakesItVisibleToOtherProjects()
    {
        var id = await _demo.AvailableShareAsync();
        using var other = _host.Client(TestHost.OtherToken);

        var response = await _admin.PutAsync($"/v2/shares/{id}", new { share = new { is_public = true } });

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.OK), response.Body);
        Assert.That(response.Json["share"]!["is_public"]!.GetValue<bool>(), Is.True);
        Assert.That((await other.GetAsync($"/v2/shares/{id}")).Status, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task Update_MemberMakesOwnSharePrivate_IsAllowed()
    {
        var id = await _demo.AvailableShareAsync();
        await _admin.PutAsync($"/v2/shares/{id}", new { share = new { is_public = true } });

        var response = await _demo.PutAsync($"/v2/shares/{id}", new { share = new { is_public = false } });

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.OK), response.Body);
        Assert.That(response.Json["share"]!["is_public"]!.GetValue<bool>(), Is.False);
    }

    [TestCase("{\"share\": {\"name\": \"x\"}}", "share.name")]
    [TestCase("{\"share\": {\"description\": \"x\"}}", "share.description")]
    [TestCase("{\"share\": {\"size\": 5}}", "share.size")]
    [TestCase("{\"share\": {\"is_public\": \"maybe\"}}", "share.is_public")]
    [TestCase("{\"display_name\": \"x\"}", "display_name")]
    [TestCase("{}", "share")]
    public async Task Update_FieldsManilaDoesNotHonour_Are400NamingTheField(string body, string field)
    {
        var id = await _demo.AvailableShareAsync();

        var response = await _demo.SendAsync(HttpMethod.Put, $"/v2/shares/{id}", rawBody: body);

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.BadRequest), response.Body);
        Assert.That(response.ErrorMessage, Does.Contain(field));
    }

    [Test]
    public async Task Update_NameLongerThan255_Is400()
    {
        var id = await _demo.AvailableShareAsync();

        var response = await _demo.PutAsync($"/v2/shares/{id}", new { share = new { display_name = new string('n', 256) } });

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(response.ErrorMessage, Does.Contain("share.display_name").And.Contain("255"));
    }

    [Test]
    public async Task Update_OtherProjectsShare_Is404()
    {
        var id = await _demo.AvailableShareAsync();
        using var other = _host.Client(TestHost.OtherToken);

        var response = await other.PutAsync($"/v2/shares/{id}", new { share = new { display_name = "mine" } });

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task Update_Reader_Is403()
    {
        var id = await _demo.AvailableShareAsync();
        using var reader = _host.Client(TestHost.ReaderToken);

        var response = await reader.PutAsync($"/v2/shares/{id}", new { share = new { display_name = "mine" } });

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.Forbidden));
    }

    [Test]
    public async Task Update_EmptyShareObject_AnswersTheShareUnchanged()
    {
        var id = await _demo.CreateShareAsync(name: "same");

        var response = await _demo.PutAsync($"/v2/shares/{id}", new { share = new JsonObject() });

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.OK), response.Body);
        Assert.That(response.Json["share"]!["name"]!.GetValue<string>(), Is.EqualTo("same"));
    }
}
