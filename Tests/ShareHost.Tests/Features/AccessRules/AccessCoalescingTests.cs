using System.Net;
using ShareHost.Tests.Features.Shares;
using ShareHost.Tests.Infrastructure;

namespace ShareHost.Tests.Features.AccessRules;

/// <summary>
/// Changes requested while a sync runs wait (queued_*) and reach the driver together in the next call, so a burst of
/// allows costs a few driver calls, not one each.
/// </summary>
public sealed class AccessCoalescingTests
{
    // How long a driver call lasts in the tests that act while one runs: wide enough that a poll delayed by a loaded
    // machine (four fixtures at once on two cores) still sees the call in progress.
    private const string CallWindowMs = "3000";

    [Test]
    public async Task AllowAccess_ManyConcurrentAllowsWhileASlowSyncRuns_ReachTheDriverInFewCalls()
    {
        using var host = new TestHost(settings: AccessTestSupport.DummyOptions(("LatencyMs:UpdateAccess", "300")));
        using var admin = host.Client();
        var shareId = await admin.AvailableShareAsync();
        var backend = await host.BackendOfAsync(shareId);
        const int Rules = 40;

        var responses = await Task.WhenAll(Enumerable.Range(1, Rules).Select(i => admin.AllowAsync(shareId, "ip", $"10.20.0.{i}")));
        await admin.WaitForRulesAsync(shareId, "active", count: Rules);
        await host.AccessIdleAsync();

        var calls = host.AccessCalls(backend);
        Assert.Multiple(() =>
        {
            Assert.That(responses.Select(r => r.Status), Is.All.EqualTo(HttpStatusCode.OK));
            Assert.That(calls, Is.LessThanOrEqualTo(8), $"{Rules} allows took {calls} driver calls");
            Assert.That(host.LastAccessUpdate(backend)!.Rules, Has.Count.EqualTo(Rules), "every call carries the full desired set");
        });
    }

    [Test]
    public async Task AllowAccess_WhileACallRuns_LaterRulesStayQueuedAndGoTogetherInTheNextCall()
    {
        using var host = new TestHost(settings: AccessTestSupport.DummyOptions(("LatencyMs:UpdateAccess", CallWindowMs)));
        using var admin = host.Client();
        var shareId = await admin.AvailableShareAsync();
        var backend = await host.BackendOfAsync(shareId);
        var first = await admin.AllowOkAsync(shareId, "ip", "10.0.0.1");
        await admin.WaitForRuleAsync(first, "applying");

        var second = await admin.AllowOkAsync(shareId, "ip", "10.0.0.2");
        var third = await admin.AllowOkAsync(shareId, "ip", "10.0.0.3");
        var statesDuringTheCall = (await admin.RulesAsync(shareId)).ToDictionary(r => r!["id"]!.GetValue<string>(), r => r!["state"]!.GetValue<string>());
        await admin.WaitForRulesAsync(shareId, "active", count: 3);
        await host.AccessIdleAsync();

        var last = host.LastAccessUpdate(backend)!;
        Assert.Multiple(() =>
        {
            Assert.That(statesDuringTheCall[second], Is.EqualTo("queued_to_apply"));
            Assert.That(statesDuringTheCall[third], Is.EqualTo("queued_to_apply"));
            Assert.That(host.AccessCalls(backend), Is.EqualTo(2));
            Assert.That(last.AddRules.Select(r => r.Id), Is.EquivalentTo(new[] { second, third }));
            Assert.That(last.Rules.Select(r => r.Id), Is.EquivalentTo(new[] { first, second, third }));
        });
    }

    [Test]
    public async Task AllowAndDeny_QueuedDuringOneCall_GoTogetherInTheNextCall()
    {
        using var host = new TestHost(settings: AccessTestSupport.DummyOptions(("LatencyMs:UpdateAccess", CallWindowMs)));
        using var admin = host.Client();
        var shareId = await admin.AvailableShareAsync();
        var backend = await host.BackendOfAsync(shareId);
        var old = await admin.AllowOkAsync(shareId, "ip", "10.0.0.1");
        await admin.WaitForRuleAsync(old, "active");
        var trigger = await admin.AllowOkAsync(shareId, "ip", "10.0.0.2");
        await admin.WaitForRuleAsync(trigger, "applying");

        await admin.DenyAsync(shareId, old);
        var added = await admin.AllowOkAsync(shareId, "ip", "10.0.0.3");
        await admin.WaitForRuleAsync(old, null);
        await admin.WaitForRuleAsync(added, "active");

        var last = host.LastAccessUpdate(backend)!;
        Assert.Multiple(() =>
        {
            Assert.That(host.AccessCalls(backend), Is.EqualTo(3));
            Assert.That(last.AddRules.Select(r => r.Id), Is.EqualTo(new[] { added }));
            Assert.That(last.DeleteRules.Select(r => r.Id), Is.EqualTo(new[] { old }));
            Assert.That(last.Rules.Select(r => r.Id), Is.EquivalentTo(new[] { trigger, added }));
        });
    }
}
