using System.Net;
using ShareHost.Tests.Infrastructure;

namespace ShareHost.Tests.Features.Messages;

public sealed class MessageTests
{
    private TestHost _host = null!;
    private ApiClient _admin = null!;
    private ApiClient _demo = null!;

    // One host for the fixture: each test seeds and reads its own message.
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
        _demo.Version = "2.72";
    }

    [OneTimeTearDown]
    public void TearDown()
    {
        _admin.Dispose();
        _demo.Dispose();
        _host.Dispose();
    }

    [Test]
    public async Task GetMessage_OwnProject_Answers200()
    {
        var id = await MessageSeeder.AddAsync(_host, "demoproject");

        var response = await _demo.GetAsync($"/v2/messages/{id}");

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.OK), response.Body);
        Assert.That(response.Json["message"]!["id"]!.GetValue<string>(), Is.EqualTo(id));
    }

    [Test]
    public async Task GetMessage_OtherProject_Answers404ButAdminSeesIt()
    {
        var id = await MessageSeeder.AddAsync(_host, "otherproject");

        var member = await _demo.GetAsync($"/v2/messages/{id}");
        var admin = await _admin.GetAsync($"/v2/messages/{id}");

        Assert.That(member.Status, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(admin.Status, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task DeleteMessage_Member_Answers204AndTheMessageIsGone()
    {
        var id = await MessageSeeder.AddAsync(_host, "demoproject");

        var response = await _demo.DeleteAsync($"/v2/messages/{id}");

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That((await _demo.GetAsync($"/v2/messages/{id}")).Status, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task DeleteMessage_Reader_Answers403()
    {
        var id = await MessageSeeder.AddAsync(_host, "demoproject");
        using var reader = _host.Client(TestHost.ReaderToken);

        var response = await reader.DeleteAsync($"/v2/messages/{id}");

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That((await reader.GetAsync($"/v2/messages/{id}")).Status, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task DeleteMessage_OtherProject_Answers404AndKeepsIt()
    {
        var id = await MessageSeeder.AddAsync(_host, "otherproject");

        var response = await _demo.DeleteAsync($"/v2/messages/{id}");

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That((await _admin.GetAsync($"/v2/messages/{id}")).Status, Is.EqualTo(HttpStatusCode.OK));
    }

    [TestCase("GET", "/v2/messages")]
    [TestCase("GET", "/v2/messages/any")]
    [TestCase("DELETE", "/v2/messages/any")]
    public async Task Messages_Before2_37_Answer404(string method, string path)
    {
        var id = await MessageSeeder.AddAsync(_host, "demoproject");
        _demo.Version = "2.36";

        var response = await _demo.SendAsync(new HttpMethod(method), path.Replace("any", id, StringComparison.Ordinal));

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.NotFound));
        _demo.Version = "2.37";
        Assert.That((await _demo.GetAsync($"/v2/messages/{id}")).Status, Is.EqualTo(HttpStatusCode.OK), "nothing was deleted");
    }
}
