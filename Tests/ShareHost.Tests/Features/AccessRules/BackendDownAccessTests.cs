using Microsoft.Extensions.DependencyInjection;
using ShareHost.Features.Backends;
using ShareHost.Tests.Features.Shares;
using ShareHost.Tests.Infrastructure;

namespace ShareHost.Tests.Features.AccessRules;

/// <summary>Rules for a backend that is down wait queued (nothing fails); its next stats report brings it back and they are sent.</summary>
public sealed class BackendDownAccessTests
{
    [Test]
    public async Task AllowAccess_BackendDown_RuleWaitsQueuedAndIsAppliedWhenTheBackendComesBack()
    {
        using var host = new TestHost();
        using var admin = host.Client();
        var shareId = await admin.AvailableShareAsync();
        var backend = host.Services.GetRequiredService<BackendRegistry>().Find(await host.BackendOfAsync(shareId))!;
        var registry = host.Services.GetRequiredService<BackendRegistry>();
        host.Configuration[$"Backends:{backend.Name}:Options:Faults:GetStats:FailEveryNth"] = "1";
        await registry.RefreshStatsAsync(backend, CancellationToken.None);

        var accessId = await admin.AllowOkAsync(shareId, "ip", "10.0.0.1");
        await host.AccessIdleAsync();
        var whileDown = (await admin.GetAsync($"/v2/share-access-rules/{accessId}")).Json["access"]!["state"]!.GetValue<string>();
        var shareWhileDown = (await admin.ShowAsync(shareId))["access_rules_status"]!.GetValue<string>();
        host.Configuration[$"Backends:{backend.Name}:Options:Faults:GetStats:FailEveryNth"] = null;
        await registry.RefreshStatsAsync(backend, CancellationToken.None);
        await admin.WaitForRuleAsync(accessId, "active");

        Assert.That(backend.IsUp, Is.True);
        Assert.That(whileDown, Is.EqualTo("queued_to_apply"));
        Assert.That(shareWhileDown, Is.EqualTo("syncing"));
        Assert.That(host.AccessCalls(backend.Name), Is.EqualTo(1), "nothing was sent while the backend was down");
    }
}
