using System.Net;
using ShareHost.Tests.Features.Shares;
using ShareHost.Tests.Infrastructure;

namespace ShareHost.Tests.Features.AccessRules;

/// <summary>
/// The per-rule state machine and the share's access_rules_status: transitional states while the driver works,
/// per-rule errors that touch only their rule, whole-call failures that touch only the rules in flight, each with a
/// user message (action 010), and recovery to active once the failed rules are denied.
/// </summary>
public sealed class AccessRuleStateTests
{
    private TestHost _host = null!;
    private ApiClient _admin = null!;

    // One host for the fixture: each test works on shares and rules of its own; the two that make the driver fail start their own host.
    [OneTimeSetUp]
    public void SetUp()
    {
        var settings = AccessTestSupport.DummyOptions(("Access:FailAccessTo:0", "10.9.9.9"), ("Access:FailMessage", "client 10.9.9.9 is blacklisted"));
        _host = new TestHost(settings: settings);
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
    public async Task AllowAccess_SlowDriver_RuleIsApplyingAndShareSyncingUntilTheCallReturns()
    {
        _host.SetDummyOption("LatencyMs:UpdateAccess", AccessTestSupport.SlowAccessCallMs);
        var shareId = await _admin.AvailableShareAsync();

        var accessId = await _admin.AllowOkAsync(shareId, "ip", "10.0.0.1");
        await _admin.WaitForRuleAsync(accessId, "applying");
        var during = (await _admin.ShowAsync(shareId))["access_rules_status"]!.GetValue<string>();
        await _admin.WaitForRuleAsync(accessId, "active");
        await _host.AccessIdleAsync();
        var after = (await _admin.ShowAsync(shareId))["access_rules_status"]!.GetValue<string>();

        Assert.That(during, Is.EqualTo("syncing"));
        Assert.That(after, Is.EqualTo("active"));
    }

    [Test]
    public async Task AllowAccess_DriverRefusesOneRule_OnlyThatRuleIsInErrorWithAUserMessage()
    {
        var shareId = await _admin.AvailableShareAsync();

        var good = await _admin.AllowOkAsync(shareId, "ip", "10.0.0.1");
        var bad = await _admin.AllowOkAsync(shareId, "ip", "10.9.9.9");
        await _admin.WaitForRuleAsync(bad, "error");
        await _admin.WaitForRuleAsync(good, "active");
        await _host.AccessIdleAsync();

        var share = await _admin.ShowAsync(shareId);
        var messages = await _host.MessagesAsync(shareId);
        Assert.Multiple(() =>
        {
            Assert.That(share["access_rules_status"]!.GetValue<string>(), Is.EqualTo("error"));
            Assert.That(messages.Select(m => m.ActionId), Is.EqualTo(new[] { "010" }));
            Assert.That(messages[0].UserMessage, Does.StartWith("update access rules:"));
            Assert.That(messages[0].UserMessage, Does.Contain(bad).And.Contain("ip:10.9.9.9").And.Contain("client 10.9.9.9 is blacklisted"));
            Assert.That(messages[0].UserMessage, Does.Not.Contain(good));
        });
    }

    [Test]
    public async Task DenyAccess_TheFailedRule_IsRemovedAndTheShareIsActiveAgain()
    {
        var shareId = await _admin.AvailableShareAsync();
        var bad = await _admin.AllowOkAsync(shareId, "ip", "10.9.9.9");
        await _admin.WaitForRuleAsync(bad, "error");
        await _host.AccessIdleAsync();

        var response = await _admin.DenyAsync(shareId, bad);
        await _admin.WaitForRuleAsync(bad, null);
        await _host.AccessIdleAsync();

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.Accepted));
        Assert.That((await _admin.ShowAsync(shareId))["access_rules_status"]!.GetValue<string>(), Is.EqualTo("active"));
    }

    [Test]
    public async Task AllowAccess_FailedRule_IsNotSentToTheDriverAgain()
    {
        var shareId = await _admin.AvailableShareAsync();
        var backend = await _host.BackendOfAsync(shareId);
        var bad = await _admin.AllowOkAsync(shareId, "ip", "10.9.9.9");
        await _admin.WaitForRuleAsync(bad, "error");

        var good = await _admin.AllowOkAsync(shareId, "ip", "10.0.0.2");
        await _admin.WaitForRuleAsync(good, "active");

        Assert.That(_host.LastAccessUpdate(backend)!.Rules.Select(r => r.Id), Is.EqualTo(new[] { good }));
        Assert.That((await _admin.GetAsync($"/v2/share-access-rules/{bad}")).Json["access"]!["state"]!.GetValue<string>(), Is.EqualTo("error"));
    }

    [Test]
    public async Task AllowAccess_DriverCallThrows_OnlyTheRulesInFlightFailAndTheActiveOneStays()
    {
        using var host = new TestHost(settings: AccessTestSupport.DummyOptions(("Access:FailAccessTo:0", "10.9.9.9"), ("Access:FailMessage", "client 10.9.9.9 is blacklisted")));
        using var admin = host.Client();
        var shareId = await admin.AvailableShareAsync();
        var active = await admin.AllowOkAsync(shareId, "ip", "10.0.0.1");
        await admin.WaitForRuleAsync(active, "active");
        await host.AccessIdleAsync();
        host.FailEveryCall("UpdateAccess");

        var failed = await admin.AllowOkAsync(shareId, "ip", "10.0.0.2");
        await admin.WaitForRuleAsync(failed, "error");
        await host.AccessIdleAsync();

        var messages = await host.MessagesAsync(shareId);
        Assert.Multiple(async () =>
        {
            Assert.That((await admin.GetAsync($"/v2/share-access-rules/{active}")).Json["access"]!["state"]!.GetValue<string>(), Is.EqualTo("active"));
            Assert.That((await admin.ShowAsync(shareId))["access_rules_status"]!.GetValue<string>(), Is.EqualTo("error"));
            Assert.That(messages.Single().ActionId, Is.EqualTo("010"));
            Assert.That(messages.Single().UserMessage, Does.Contain("1 access rule(s) in flight set to error").And.Contain("Injected failure"));
        });
    }

    [Test]
    public async Task DenyAccess_DriverCallThrows_TheRuleIsInError()
    {
        using var host = new TestHost(settings: AccessTestSupport.DummyOptions(("Access:FailAccessTo:0", "10.9.9.9"), ("Access:FailMessage", "client 10.9.9.9 is blacklisted")));
        using var admin = host.Client();
        var shareId = await admin.AvailableShareAsync();
        var accessId = await admin.AllowOkAsync(shareId, "ip", "10.0.0.1");
        await admin.WaitForRuleAsync(accessId, "active");
        await host.AccessIdleAsync();
        host.FailEveryCall("UpdateAccess");

        await admin.DenyAsync(shareId, accessId);

        await admin.WaitForRuleAsync(accessId, "error");
    }

    [Test]
    public async Task AllowAccess_DriverHangsPastTheTimeout_RuleInErrorWithTheTimeoutMessage()
    {
        var settings = AccessTestSupport.DummyOptions(("Faults:UpdateAccess:Hang", "true"));
        settings["ShareHost:DriverCallTimeouts:UpdateAccess"] = "0.3";
        using var host = new TestHost(settings: settings);
        using var admin = host.Client();
        var shareId = await admin.AvailableShareAsync();

        var accessId = await admin.AllowOkAsync(shareId, "ip", "10.0.0.1");

        await admin.WaitForRuleAsync(accessId, "error");
        await host.AccessIdleAsync();
        Assert.That((await host.MessagesAsync(shareId)).Single().UserMessage, Does.Contain("did not finish 'UpdateAccess'"));
    }

    [Test]
    public async Task AllowAccess_UserOnCifs_ReadOnlyWorksAndTheDriversAccessKeyIsShown()
    {
        var shareId = await _admin.CreateShareAsync(protocol: "CIFS");
        await _admin.WaitForShareAsync(shareId, "available");

        var accessId = await _admin.AllowOkAsync(shareId, "user", "alice", "ro");
        var rule = await _admin.WaitForRuleAsync(accessId, "active");
        using var before2_21 = _host.Client(version: "2.20");
        var old = (await before2_21.ActionAsync(shareId, new { access_list = (object?)null })).Json["access_list"]![0]!;

        Assert.Multiple(() =>
        {
            Assert.That(rule!["access_level"]!.GetValue<string>(), Is.EqualTo("ro"));
            Assert.That(rule["access_key"]!.GetValue<string>(), Is.Not.Empty);
            Assert.That(old.AsObject().Select(p => p.Key), Is.EqualTo(new[] { "id", "access_level", "access_to", "access_type", "state" }));
        });
    }

    [Test]
    public async Task ListAccessRules_Before2_28_StateIsTheSharesStatusWithSyncingShownAsNew()
    {
        _host.SetDummyOption("LatencyMs:UpdateAccess", AccessTestSupport.SlowAccessCallMs);
        using var old = _host.Client(version: "2.27");
        var shareId = await _admin.AvailableShareAsync();

        var allowed = await old.AllowAsync(shareId, "ip", "10.0.0.1");
        var listedWhileSyncing = (await old.ActionAsync(shareId, new { access_list = (object?)null })).Json["access_list"]![0]!["state"]!.GetValue<string>();
        await _admin.WaitForRulesAsync(shareId, "active", count: 1);
        await _host.AccessIdleAsync();
        var listedAfter = (await old.ActionAsync(shareId, new { access_list = (object?)null })).Json["access_list"]![0]!["state"]!.GetValue<string>();

        Assert.Multiple(() =>
        {
            Assert.That(allowed.Json["access"]!["state"]!.GetValue<string>(), Is.EqualTo("new"));
            Assert.That(listedWhileSyncing, Is.EqualTo("new"));
            Assert.That(listedAfter, Is.EqualTo("active"));
        });
    }

    [Test]
    public async Task ShareView_Before2_28_SyncingIsShownAsOutOfSync()
    {
        _host.SetDummyOption("LatencyMs:UpdateAccess", AccessTestSupport.SlowAccessCallMs);
        using var old = _host.Client(version: "2.27");
        var shareId = await _admin.AvailableShareAsync();

        await _admin.AllowOkAsync(shareId, "ip", "10.0.0.1");

        Assert.That((await old.ShowAsync(shareId))["access_rules_status"]!.GetValue<string>(), Is.EqualTo("out_of_sync"));
        await _host.AccessIdleAsync();
    }

    [Test]
    public async Task AllowAccess_Before2_28WhileRulesAreInError_400()
    {
        using var old = _host.Client(version: "2.27");
        var shareId = await _admin.AvailableShareAsync();
        var bad = await _admin.AllowOkAsync(shareId, "ip", "10.9.9.9");
        await _admin.WaitForRuleAsync(bad, "error");
        await _host.AccessIdleAsync();

        var refused = await old.AllowAsync(shareId, "ip", "10.0.0.3");
        var accepted = await _admin.AllowAsync(shareId, "ip", "10.0.0.3");

        Api.Fault.AssertIs(refused, HttpStatusCode.BadRequest, "Invalid share", "in error");
        Assert.That(accepted.Status, Is.EqualTo(HttpStatusCode.OK), "from 2.28 a share whose rules are in error takes new ones");
    }

    [TestCase("2.32", new[] { "id", "share_id", "access_level", "access_to", "access_type", "state", "access_key" })]
    [TestCase("2.44", new[] { "id", "share_id", "access_level", "access_to", "access_type", "state", "access_key", "created_at", "updated_at" })]
    public async Task AllowAccess_View_GainsFieldsWithTheirMicroversions(string version, string[] fields)
    {
        using var client = _host.Client(version: version);
        var shareId = await _admin.AvailableShareAsync();

        var response = await client.AllowAsync(shareId, "ip", "10.0.0.1");

        Assert.That(response.Json["access"]!.AsObject().Select(p => p.Key), Is.EqualTo(fields));
    }
}
