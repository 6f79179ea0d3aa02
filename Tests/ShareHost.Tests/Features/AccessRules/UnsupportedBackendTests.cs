using ShareHost.Tests.Features.Shares;
using ShareHost.Tests.Infrastructure;
using ShareHost.Tests.Plugins;

namespace ShareHost.Tests.Features.AccessRules;

/// <summary>A driver built before contract 1.2 has no sync-access call: its rules go to error with a clear message, and can be denied.</summary>
public sealed class UnsupportedBackendTests
{
    private string _directory = null!;
    private TestHost _host = null!;
    private ApiClient _admin = null!;

    [SetUp]
    public void SetUp()
    {
        _directory = PluginFolders.NewHostDirectory();
        PluginFolders.Copy(Path.Combine(PluginFolders.CompatPlugins, "Legacy"), _directory, "Legacy");
        _host = new TestHost(_directory, new Dictionary<string, string?>
        {
            ["Backends:legacy1:Driver"] = "Legacy",
            ["Backends:legacy1:AvailabilityZone"] = "legacy-az",
            ["Backends:legacy1:Addresses:0"] = "127.0.0.9",
            ["Backends:legacy1:Options:PoolName"] = "old-pool",
            ["Backends:legacy1:Options:CapacityGb"] = "50",
        });
        _admin = _host.Client();
    }

    [TearDown]
    public void TearDown()
    {
        _admin.Dispose();
        _host.Dispose();
        PluginFolders.Delete(_directory);
    }

    [Test]
    public async Task AllowAccess_DriverWithoutAccessSupport_RuleInErrorSayingSo_AndDenyRemovesIt()
    {
        var shareId = await _admin.CreateShareAsync(zone: "legacy-az");
        await _admin.WaitForShareAsync(shareId, "available");

        var accessId = await _admin.AllowOkAsync(shareId, "ip", "10.0.0.1");
        await _admin.WaitForRuleAsync(accessId, "error");
        await _host.AccessIdleAsync();
        var messages = await _host.MessagesAsync(shareId);
        var statusInError = (await _admin.ShowAsync(shareId))["access_rules_status"]!.GetValue<string>();
        await _admin.DenyAsync(shareId, accessId);
        await _admin.WaitForRuleAsync(accessId, null);
        await _host.AccessIdleAsync();

        Assert.Multiple(async () =>
        {
            Assert.That(statusInError, Is.EqualTo("error"));
            Assert.That(messages.Single().ActionId, Is.EqualTo("010"));
            Assert.That(messages.Single().DetailId, Is.EqualTo("021"));
            Assert.That(messages.Single().UserMessage, Does.Contain("does not support access rules").And.Contain("legacy1"));
            Assert.That((await _admin.ShowAsync(shareId))["access_rules_status"]!.GetValue<string>(), Is.EqualTo("active"));
        });
    }

    [Test]
    public async Task DeleteShare_DriverWithoutAccessSupportAndRulesInError_DeletesTheShare()
    {
        var shareId = await _admin.CreateShareAsync(zone: "legacy-az");
        await _admin.WaitForShareAsync(shareId, "available");
        var accessId = await _admin.AllowOkAsync(shareId, "ip", "10.0.0.1");
        await _admin.WaitForRuleAsync(accessId, "error");

        await _admin.DeleteAsync($"/v2/shares/{shareId}");
        await _host.IdleAsync();

        Assert.That((await _admin.GetAsync($"/v2/shares/{shareId}")).Status, Is.EqualTo(System.Net.HttpStatusCode.NotFound));
    }
}
