using System.Net;
using ShareHost.Tests.Features.Shares;
using ShareHost.Tests.Infrastructure;

namespace ShareHost.Tests.Features.AccessRules;

/// <summary>deny_access: 202, queued_to_deny → denying → removed, and the driver told to remove exactly that rule.</summary>
public sealed class DenyAccessTests
{
    private TestHost _host = null!;
    private ApiClient _admin = null!;

    // One host for the fixture: each test works on shares and rules of its own.
    [OneTimeSetUp]
    public void SetUp()
    {
        _host = new TestHost();
        _admin = _host.Client();
    }

    // A test that slows the driver down must not slow down the tests after it on the same host.
    [SetUp]
    public void DriverAtFullSpeed() => _host.SetDummyOption("LatencyMs:UpdateAccess", "0");

    [OneTimeTearDown]
    public void TearDown()
    {
        _admin.Dispose();
        _host.Dispose();
    }

    [Test]
    public async Task DenyAccess_ActiveRule_Answers202AndTheRuleIsRemoved()
    {
        var shareId = await _admin.AvailableShareAsync();
        var backend = await _host.BackendOfAsync(shareId);
        var kept = await _admin.AllowOkAsync(shareId, "ip", "10.0.0.1");
        var doomed = await _admin.AllowOkAsync(shareId, "ip", "10.0.0.2");
        await _admin.WaitForRulesAsync(shareId, "active", count: 2);

        var response = await _admin.DenyAsync(shareId, doomed);

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.Accepted), response.Body);
        await _admin.WaitForRuleAsync(doomed, null);
        var update = _host.LastAccessUpdate(backend)!;
        Assert.Multiple(() =>
        {
            Assert.That(update.DeleteRules.Select(r => r.Id), Is.EqualTo(new[] { doomed }));
            Assert.That(update.Rules.Select(r => r.Id), Is.EqualTo(new[] { kept }));
            Assert.That(update.AddRules, Is.Empty);
        });
        var rules = await _admin.RulesAsync(shareId);
        Assert.That(rules.Select(r => r!["id"]!.GetValue<string>()), Is.EqualTo(new[] { kept }));
        Assert.That((await _admin.ShowAsync(shareId))["access_rules_status"]!.GetValue<string>(), Is.EqualTo("active"));
    }

    [Test]
    public async Task DenyAccess_WhileTheDriverIsSlow_ShowsQueuedToDenyThenDenying()
    {
        _host.SetDummyOption("LatencyMs:UpdateAccess", AccessTestSupport.SlowAccessCallMs);
        var shareId = await _admin.AvailableShareAsync();
        var accessId = await _admin.AllowOkAsync(shareId, "ip", "10.0.0.3");
        await _admin.WaitForRuleAsync(accessId, "active");

        await _admin.DenyAsync(shareId, accessId);
        var queued = (await _admin.GetAsync($"/v2/share-access-rules/{accessId}")).Json["access"]!["state"]!.GetValue<string>();
        var denying = await _admin.WaitForRuleAsync(accessId, "denying");

        Assert.That(queued, Is.AnyOf("queued_to_deny", "denying"));
        Assert.That(denying, Is.Not.Null);
        Assert.That((await _admin.ShowAsync(shareId))["access_rules_status"]!.GetValue<string>(), Is.EqualTo("syncing"));
        await _admin.WaitForRuleAsync(accessId, null);
    }

    [Test]
    public async Task DenyAccess_Twice_SecondIsAcceptedAndChangesNothing()
    {
        _host.SetDummyOption("LatencyMs:UpdateAccess", "300");
        var shareId = await _admin.AvailableShareAsync();
        var accessId = await _admin.AllowOkAsync(shareId, "ip", "10.0.0.4");
        await _admin.WaitForRuleAsync(accessId, "active");

        var first = await _admin.DenyAsync(shareId, accessId);
        var second = await _admin.DenyAsync(shareId, accessId);

        Assert.That(first.Status, Is.EqualTo(HttpStatusCode.Accepted));
        Assert.That(second.Status, Is.EqualTo(HttpStatusCode.Accepted), second.Body);
        await _admin.WaitForRuleAsync(accessId, null);
    }

    [Test]
    public async Task DenyAccess_RuleStillQueuedToApply_IsRemovedWithoutEverBeingActive()
    {
        _host.SetDummyOption("LatencyMs:UpdateAccess", AccessTestSupport.SlowAccessCallMs);
        var shareId = await _admin.AvailableShareAsync();
        var first = await _admin.AllowOkAsync(shareId, "ip", "10.0.0.5");
        await _admin.WaitForRuleAsync(first, "applying");
        var second = await _admin.AllowOkAsync(shareId, "ip", "10.0.0.6");

        await _admin.DenyAsync(shareId, second);

        await _admin.WaitForRuleAsync(second, null);
        await _admin.WaitForRuleAsync(first, "active");
        await _host.AccessIdleAsync();
        Assert.That(_host.AppliedRules(await _host.InstanceIdAsync(shareId), await _host.BackendOfAsync(shareId)).Select(r => r.AccessTo),
            Is.EqualTo(new[] { "10.0.0.5" }));
    }

    [Test]
    public async Task DenyAccess_LegacyActionBefore2_7_Answers202()
    {
        using var old = _host.Client(version: "2.6");
        var shareId = await _admin.AvailableShareAsync();
        var accessId = await _admin.AllowOkAsync(shareId, "ip", "10.0.0.7");

        var response = await old.DenyAsync(shareId, accessId);

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.Accepted), response.Body);
        await _admin.WaitForRuleAsync(accessId, null);
    }
}
