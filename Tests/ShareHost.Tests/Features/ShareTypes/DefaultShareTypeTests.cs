using System.Net;
using ShareHost.Tests.Infrastructure;

namespace ShareHost.Tests.Features.ShareTypes;

/// <summary><c>GET /v2/types/default</c> follows ShareHost:DefaultShareType.</summary>
public sealed class DefaultShareTypeTests
{
    [TestCase("")]
    [TestCase("no-such-type")]
    public async Task GetDefaultShareType_UnsetOrMissing_AnswersNotFound(string configured)
    {
        using var host = new TestHost(settings: new Dictionary<string, string?> { ["ShareHost:DefaultShareType"] = configured });
        using var client = host.Client();

        var response = await client.GetAsync("/v2/types/default");

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.NotFound), response.Body);
        Assert.That(response.FaultName, Is.EqualTo("itemNotFound"));
    }

    [Test]
    public async Task GetDefaultShareType_ConfiguredToAnotherType_AnswersThatTypeAndMarksItDefault()
    {
        using var host = new TestHost(settings: new Dictionary<string, string?> { ["ShareHost:DefaultShareType"] = "gold" });
        using var admin = host.Client();
        await admin.CreateTypeAsync("gold");

        var response = await admin.GetAsync("/v2/types/default");
        var old = await admin.GetTypeAsync("00000000-0000-4000-8000-000000000001"); // the seeded type named "default"

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.OK), response.Body);
        Assert.That(response.Json["share_type"]!["name"]!.GetValue<string>(), Is.EqualTo("gold"));
        Assert.That(response.Json["share_type"]!["is_default"]!.GetValue<bool>(), Is.True);
        Assert.That(old["is_default"]!.GetValue<bool>(), Is.False);
    }

    [Test]
    public async Task GetDefaultShareType_PrivateWithoutAccess_AnswersNotFoundForTheProject()
    {
        using var host = new TestHost(settings: new Dictionary<string, string?> { ["ShareHost:DefaultShareType"] = "hidden" });
        using var admin = host.Client();
        using var demo = host.Client(TestHost.DemoToken);
        await admin.CreateTypeAsync("hidden", isPublic: false);

        var response = await demo.GetAsync("/v2/types/default");

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.NotFound), response.Body);
    }
}
