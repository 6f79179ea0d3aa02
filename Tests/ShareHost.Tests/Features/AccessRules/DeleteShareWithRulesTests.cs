using System.Net;
using ShareHost.Tests.Features.Shares;
using ShareHost.Tests.Infrastructure;

namespace ShareHost.Tests.Features.AccessRules;

/// <summary>As Manila: a share's access rules are withdrawn (one sync denying them all) before the share is deleted.</summary>
public sealed class DeleteShareWithRulesTests
{
    private TestHost _host = null!;
    private ApiClient _admin = null!;

    [SetUp]
    public void SetUp()
    {
        _host = new TestHost();
        _admin = _host.Client();
    }

    [TearDown]
    public void TearDown()
    {
        _admin.Dispose();
        _host.Dispose();
    }

    [Test]
    public async Task DeleteShare_WithRules_DriverRemovesThemAllInOneCallBeforeTheShareGoes()
    {
        var (shareId, instanceId, backend, rules) = await ShareWithRulesAsync();
        var calls = _host.AccessCalls(backend);

        await _admin.DeleteAsync($"/v2/shares/{shareId}");
        await _host.IdleAsync();

        var update = _host.LastAccessUpdate(backend)!;
        Assert.Multiple(() =>
        {
            Assert.That(_host.AccessCalls(backend), Is.EqualTo(calls + 1));
            Assert.That(update.Rules, Is.Empty);
            Assert.That(update.DeleteRules.Select(r => r.Id), Is.EquivalentTo(rules));
            Assert.That(_host.AppliedRules(instanceId, backend), Is.Empty);
        });
        Assert.That((await _admin.GetAsync($"/v2/shares/{shareId}")).Status, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That((await _admin.GetAsync($"/v2/share-access-rules/{rules[0]}")).Status, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task DeleteShare_WithoutRules_NoAccessCall()
    {
        var shareId = await _admin.AvailableShareAsync();
        var backend = await _host.BackendOfAsync(shareId);

        await _admin.DeleteAsync($"/v2/shares/{shareId}");
        await _host.IdleAsync();

        Assert.That(_host.AccessCalls(backend), Is.Zero);
        Assert.That((await _admin.GetAsync($"/v2/shares/{shareId}")).Status, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task DeleteShare_RuleRemovalFails_ErrorDeletingWithADeleteAccessRulesMessage()
    {
        var (shareId, _, _, rules) = await ShareWithRulesAsync();
        _host.FailEveryCall("UpdateAccess");

        await _admin.DeleteAsync($"/v2/shares/{shareId}");
        await _host.IdleAsync();

        var share = await _admin.ShowAsync(shareId);
        var messages = await _host.MessagesAsync(shareId);
        Assert.Multiple(() =>
        {
            Assert.That(share["status"]!.GetValue<string>(), Is.EqualTo("error_deleting"));
            Assert.That(messages.Select(m => m.ActionId), Does.Contain("003"));
            Assert.That(messages.Single(m => m.ActionId == "003").UserMessage, Does.StartWith("delete access rules:").And.Contain("failed to remove 2 access rule(s)"));
        });
        Assert.That((await _admin.GetAsync($"/v2/share-access-rules/{rules[0]}")).Json["access"]!["state"]!.GetValue<string>(), Is.EqualTo("error"));
    }

    [Test]
    public async Task ForceDelete_RuleRemovalFails_ShareIsGoneAndTheFailureIsRecorded()
    {
        var (shareId, _, _, _) = await ShareWithRulesAsync();
        _host.FailEveryCall("UpdateAccess");

        var response = await _admin.ActionAsync(shareId, new { force_delete = (object?)null });
        await _host.IdleAsync();

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.Accepted), response.Body);
        Assert.That((await _admin.GetAsync($"/v2/shares/{shareId}")).Status, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That((await _host.MessagesAsync(shareId)).Select(m => m.ActionId), Does.Contain("003"));
    }

    private async Task<(string ShareId, string InstanceId, string Backend, List<string> Rules)> ShareWithRulesAsync()
    {
        var shareId = await _admin.AvailableShareAsync();
        var rules = new List<string>
        {
            await _admin.AllowOkAsync(shareId, "ip", "10.0.0.1"),
            await _admin.AllowOkAsync(shareId, "ip", "10.0.0.2"),
        };
        await _admin.WaitForRulesAsync(shareId, "active", count: 2);
        await _host.AccessIdleAsync();
        return (shareId, await _host.InstanceIdAsync(shareId), await _host.BackendOfAsync(shareId), rules);
    }
}
