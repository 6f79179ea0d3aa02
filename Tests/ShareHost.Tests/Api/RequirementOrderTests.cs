using System.Net;
using ShareHost.Tests.Infrastructure;

namespace ShareHost.Tests.Api;

/// <summary>Manila checks the microversion (404), then the policy (403), then the body (400).</summary>
public sealed class RequirementOrderTests
{
    private TestHost _host = null!;

    // One host for the fixture: every test only sends requests that are refused.
    [OneTimeSetUp]
    public void SetUp() => _host = new TestHost();

    [OneTimeTearDown]
    public void TearDown() => _host.Dispose();

    [Test]
    public async Task AdminRoute_MemberWithInvalidBody_IsForbiddenNotBadRequest()
    {
        using var member = _host.Client(TestHost.DemoToken);

        var response = await member.PostAsync("/v2/types", new { share_type = new { name = "" } });

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.Forbidden), response.Body);
        Assert.That(response.FaultName, Is.EqualTo("forbidden"));
    }

    [Test]
    public async Task VersionedAdminRoute_MemberBelowMinimumVersion_IsNotFound()
    {
        using var member = _host.Client(TestHost.DemoToken, version: "2.49");

        var response = await member.PutAsync("/v2/types/default", new { share_type = new { name = "x" } });

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.NotFound), response.Body);
    }

    [Test]
    public async Task ShareAction_KnownKeyAtWrongVersion_IsNotFound()
    {
        using var admin = _host.Client();
        var id = await admin.CreateShareAsync();
        await admin.WaitForShareAsync(id, "available");

        var response = await admin.PostAsync($"/v2/shares/{id}/action", new Dictionary<string, object> { ["os-reset_status"] = new { status = "error" } });

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.NotFound), response.Body);
    }

    [Test]
    public async Task UnknownPath_WithProjectLikeSegment_IsPlainNotFound()
    {
        using var admin = _host.Client();

        var response = await admin.GetAsync("/v2/whatever/nothing-here");

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.NotFound), response.Body);
    }

    [Test]
    public async Task Unauthenticated_Response_CarriesRequestId()
    {
        var response = await _host.CreateClient().GetAsync("/v2/shares");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(response.Headers.GetValues("x-compute-request-id").Single(), Does.StartWith("req-"));
    }
}
