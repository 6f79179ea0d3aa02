using System.Net;
using Microsoft.Extensions.DependencyInjection;
using ShareHost.Tests.Features.Shares;
using ShareHost.Tests.Infrastructure;

namespace ShareHost.Tests.Features.AccessRules;

/// <summary>allow_access end to end: the answer, the states it goes through, what the driver receives, and the views per microversion.</summary>
public sealed class AllowAccessTests
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

    [OneTimeTearDown]
    public void TearDown()
    {
        _admin.Dispose();
        _host.Dispose();
    }

    [Test]
    public async Task AllowAccess_IpOnNfsShare_Answers200QueuedThenBecomesActive()
    {
        var shareId = await _admin.AvailableShareAsync();

        var response = await _admin.AllowAsync(shareId, "ip", "10.1.0.0/24");

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.OK), response.Body);
        var access = response.Json["access"]!;
        Assert.Multiple(() =>
        {
            Assert.That(access["share_id"]!.GetValue<string>(), Is.EqualTo(shareId));
            Assert.That(access["access_type"]!.GetValue<string>(), Is.EqualTo("ip"));
            Assert.That(access["access_to"]!.GetValue<string>(), Is.EqualTo("10.1.0.0/24"));
            Assert.That(access["access_level"]!.GetValue<string>(), Is.EqualTo("rw"));
            Assert.That(access["state"]!.GetValue<string>(), Is.EqualTo("queued_to_apply"));
            Assert.That(access["access_key"], Is.Null);
            Assert.That(access["updated_at"], Is.Null);
            Assert.That(access.AsObject().Select(p => p.Key), Is.EqualTo(new[]
            {
                "id", "share_id", "access_level", "access_to", "access_type", "state", "access_key", "created_at", "updated_at", "metadata",
            }));
        });
        var active = await _admin.WaitForRuleAsync(access["id"]!.GetValue<string>(), "active");
        Assert.That(active!["updated_at"], Is.Not.Null);
        Assert.That((await _admin.ShowAsync(shareId))["access_rules_status"]!.GetValue<string>(), Is.EqualTo("active"));
    }

    [Test]
    public async Task AllowAccess_Active_DriverReceivedTheRuleInItsDesiredSetAndAddList()
    {
        var shareId = await _admin.AvailableShareAsync();
        var backend = await _host.BackendOfAsync(shareId);
        var instanceId = await _host.InstanceIdAsync(shareId);

        var accessId = await _admin.AllowOkAsync(shareId, "ip", "10.2.0.7", "ro");
        await _admin.WaitForRuleAsync(accessId, "active");

        var update = _host.LastAccessUpdate(backend)!;
        Assert.Multiple(() =>
        {
            Assert.That(update.Share.Id, Is.EqualTo(instanceId));
            Assert.That(update.Rules.Select(r => (r.Id, r.AccessType, r.AccessTo, r.AccessLevel)), Is.EqualTo(new[] { (accessId, "ip", "10.2.0.7", "ro") }));
            Assert.That(update.AddRules.Select(r => r.Id), Is.EqualTo(new[] { accessId }));
            Assert.That(update.DeleteRules, Is.Empty);
            Assert.That(_host.AppliedRules(instanceId, backend).Select(r => r.AccessTo), Is.EqualTo(new[] { "10.2.0.7" }));
        });
    }

    [Test]
    public async Task AllowAccess_CephxOnCephfsShare_ActiveWithAnAccessKey_AndIpIsRefused()
    {
        var settings = AccessTestSupport.DummyOptions(("StorageProtocols:0", "NFS"), ("StorageProtocols:1", "CIFS"), ("StorageProtocols:2", "CEPHFS"));
        settings["ShareHost:EnabledShareProtocols:0"] = "NFS";
        settings["ShareHost:EnabledShareProtocols:1"] = "CIFS";
        settings["ShareHost:EnabledShareProtocols:2"] = "CEPHFS";
        using var host = new TestHost(settings: settings);
        using var admin = host.Client();
        var shareId = await admin.CreateShareAsync(protocol: "CEPHFS");
        await admin.WaitForShareAsync(shareId, "available");

        var cephx = await admin.AllowOkAsync(shareId, "cephx", "alice");
        var ip = await admin.AllowAsync(shareId, "ip", "10.0.0.1");
        var rule = await admin.WaitForRuleAsync(cephx, "active");

        Assert.That(rule!["access_key"]!.GetValue<string>(), Is.Not.Empty);
        Api.Fault.AssertIs(ip, HttpStatusCode.BadRequest, "allow_access.access_type", "CEPHFS shares accept only 'cephx'");
    }

    [Test]
    public async Task AllowAccess_ReaderOfTheProject_403()
    {
        using var demo = _host.Client(TestHost.DemoToken);
        using var reader = _host.Client(TestHost.ReaderToken);
        var shareId = await demo.AvailableShareAsync();

        var response = await reader.AllowAsync(shareId, "ip", "10.0.0.1");

        Api.Fault.AssertIs(response, HttpStatusCode.Forbidden, "share:allow_access");
    }

    [Test]
    public async Task AllowAccess_HostCode_SameRulesAsTheApi()
    {
        var shareId = await _admin.AvailableShareAsync();
        var service = _host.Services.GetRequiredService<ShareHost.Features.AccessRules.AccessRuleService>();

        var rule = await service.AllowAsync(shareId, new ShareHost.Features.AccessRules.NewAccessRule("ip", "10.0.0.8", "ro"), CancellationToken.None);
        var duplicate = Assert.ThrowsAsync<ShareHost.Api.Errors.BadRequestException>(() =>
            service.AllowAsync(shareId, new ShareHost.Features.AccessRules.NewAccessRule("ip", "10.0.0.8", "rw"), CancellationToken.None));
        var malformed = Assert.ThrowsAsync<ShareHost.Api.Errors.BadRequestException>(() =>
            service.AllowAsync(shareId, new ShareHost.Features.AccessRules.NewAccessRule("ip", "10.0.0.888", "rw"), CancellationToken.None));
        var found = await service.FindAsync(shareId, "ip", "10.0.0.8", CancellationToken.None);
        await _admin.WaitForRuleAsync(rule.Id, "active");
        await service.DenyAsync(shareId, rule.Id, CancellationToken.None);
        await _admin.WaitForRuleAsync(rule.Id, null);

        Assert.Multiple(() =>
        {
            Assert.That(rule.State, Is.EqualTo("queued_to_apply"));
            Assert.That(found?.Id, Is.EqualTo(rule.Id));
            Assert.That(duplicate!.Message, Is.EqualTo("Share access ip:10.0.0.8 exists."));
            Assert.That(malformed!.Message, Does.Contain("'access_to'"));
            Assert.ThrowsAsync<ShareHost.Api.Errors.NotFoundException>(() => service.DenyAsync(shareId, rule.Id, CancellationToken.None));
        });
    }
}
