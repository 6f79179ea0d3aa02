using System.Net;
using ShareHost.Tests.Infrastructure;

namespace ShareHost.Tests.Features.Shares;

public sealed class ForceDeleteShareTests
{
    private TestHost _host = null!;
    private ApiClient _admin = null!;
    private ApiClient _demo = null!;

    // One host for the fixture: each test works on a share of its own; the one that makes the driver fail starts its own host.
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
    public async Task ForceDelete_AdminOnShareInAnyStatus_RemovesIt()
    {
        var id = await _demo.AvailableShareAsync();
        await _admin.ActionAsync(id, new { reset_status = new { status = "error_deleting" } });

        var response = await _admin.SendAsync(HttpMethod.Post, $"/v2/shares/{id}/action", rawBody: "{\"force_delete\": null}");
        await _host.IdleAsync();

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.Accepted), response.Body);
        Assert.That((await _demo.GetAsync($"/v2/shares/{id}")).Status, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task ForceDelete_DriverFails_RemovesTheShareAndRecordsWhy()
    {
        using var host = new TestHost();
        using var admin = host.Client();
        using var demo = host.Client(TestHost.DemoToken);
        var id = await demo.AvailableShareAsync();
        host.FailEveryCall("DeleteShare");

        var response = await admin.SendAsync(HttpMethod.Post, $"/v2/shares/{id}/action", rawBody: "{\"force_delete\": null}");
        await host.IdleAsync();

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.Accepted));
        Assert.That((await admin.GetAsync($"/v2/shares/{id}")).Status, Is.EqualTo(HttpStatusCode.NotFound));
        var message = (await host.MessagesAsync(id)).Single();
        Assert.That(message.ProjectId, Is.EqualTo("demoproject"));
        Assert.That(message.UserMessage, Does.Contain("force-deleted").And.Contain("Injected failure"));
    }

    [Test]
    public async Task ForceDelete_LegacyNameAt2_6_IsAccepted()
    {
        var id = await _demo.AvailableShareAsync();
        _admin.Version = "2.6";

        var response = await _admin.SendAsync(HttpMethod.Post, $"/v2/shares/{id}/action", rawBody: "{\"os-force_delete\": null}");
        await _host.IdleAsync();

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.Accepted), response.Body);
        Assert.That((await _admin.GetAsync($"/v2/shares/{id}")).Status, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task ForceDelete_Member_Is403AndTheShareStays()
    {
        var id = await _demo.AvailableShareAsync();

        var response = await _demo.SendAsync(HttpMethod.Post, $"/v2/shares/{id}/action", rawBody: "{\"force_delete\": null}");

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(response.ErrorMessage, Does.Contain("share:force_delete"));
        Assert.That((await _demo.ShowAsync(id))["status"]!.GetValue<string>(), Is.EqualTo("available"));
    }

    [Test]
    public async Task ForceDelete_WithArguments_Is400()
    {
        var id = await _demo.AvailableShareAsync();

        var response = await _admin.SendAsync(HttpMethod.Post, $"/v2/shares/{id}/action", rawBody: "{\"force_delete\": {\"now\": true}}");

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(response.ErrorMessage, Does.Contain("force_delete"));
    }

    [Test]
    public async Task ForceDelete_UnknownShare_Is404()
    {
        var response = await _admin.SendAsync(HttpMethod.Post, $"/v2/shares/{Guid.NewGuid()}/action", rawBody: "{\"force_delete\": null}");

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.NotFound));
    }
}
