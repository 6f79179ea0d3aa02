using System.Net;
using ShareHost.Tests.Api;
using ShareHost.Tests.Infrastructure;

namespace ShareHost.Tests.Features.Snapshots;

/// <summary>
/// Mountable snapshots (2.32, mount_snapshot_support): read-only export locations bound to the backend's address, and
/// read-only access rules synced to the driver (manila-zed §2.3, §3.4).
/// </summary>
public sealed class MountableSnapshotTests
{
    private TestHost _host = null!;
    private ApiClient _demo = null!;
    private ApiClient _admin = null!;

    // One host for the fixture: each test works on shares and snapshots of its own; tests that need another pool
    // or make the driver fail start their own host.
    [OneTimeSetUp]
    public async Task OneTimeSetUp()
    {
        _host = new TestHost(settings: new Dictionary<string, string?>
        {
            ["Backends:dummy1:Options:Addresses:0:Address"] = "192.0.2.10",
        });
        _demo = _host.Client(TestHost.DemoToken);
        _admin = _host.Client();
        await _host.CreateSnapshotTypeAsync();
    }

    [SetUp]
    public void ResetClients() => _demo.Version = "2.72";

    [OneTimeTearDown]
    public void TearDown()
    {
        _demo.Dispose();
        _admin.Dispose();
        _host.Dispose();
    }

    [Test]
    public async Task ExportLocations_MountableSnapshot_ReadOnlyPathsWithTheBackendAddress()
    {
        var (_, snapshot) = await SnapshotAsync();

        var member = await _demo.GetAsync($"/v2/snapshots/{snapshot}/export-locations");
        var admin = await _admin.GetAsync($"/v2/snapshots/{snapshot}/export-locations");
        var paths = member.Json["share_snapshot_export_locations"]!.AsArray();
        var one = await _demo.GetAsync($"/v2/snapshots/{snapshot}/export-locations/{paths[0]!["id"]!.GetValue<string>()}");

        Assert.That(member.Status, Is.EqualTo(HttpStatusCode.OK), member.Body);
        Assert.Multiple(() =>
        {
            Assert.That(paths, Has.Count.EqualTo(1), "non-admins never see admin-only locations");
            Assert.That(paths[0]!["path"]!.GetValue<string>(), Does.Match("^192\\.0\\.2\\.10:/snapshots/snapshot-[0-9a-f-]{36}$"));
            Assert.That(paths[0]!.AsObject().ContainsKey("is_admin_only"), Is.False);
            Assert.That(admin.Json["share_snapshot_export_locations"]!.AsArray(), Has.Count.EqualTo(2));
            Assert.That(admin.Json["share_snapshot_export_locations"]![0]!["share_snapshot_instance_id"]!.GetValue<string>(), Is.Not.Empty);
            Assert.That(one.Json["share_snapshot_export_location"]!["created_at"], Is.Not.Null);
        });
    }

    [Test]
    public async Task SnapshotInstanceExportLocations_Admin_SeesEveryLocation_MemberRefused()
    {
        var (_, snapshot) = await SnapshotAsync();
        var instance = (await _host.SnapshotRecordAsync(snapshot)).InstanceId;

        var admin = await _admin.GetAsync($"/v2/snapshot-instances/{instance}/export-locations");
        var member = await _demo.GetAsync($"/v2/snapshot-instances/{instance}/export-locations");

        Assert.That(admin.Json["share_snapshot_export_locations"]!.AsArray(), Has.Count.EqualTo(2));
        Assert.That(admin.Json["share_snapshot_export_locations"]!.AsArray().Select(e => e!["share_snapshot_instance_id"]!.GetValue<string>()), Is.All.EqualTo(instance));
        Fault.AssertIs(member, HttpStatusCode.Forbidden);
    }

    [Test]
    public async Task ExportLocations_AdminOnlyLocationAsMember_Answers403()
    {
        var (_, snapshot) = await SnapshotAsync();
        var adminOnly = (await _admin.GetAsync($"/v2/snapshots/{snapshot}/export-locations")).Json["share_snapshot_export_locations"]!.AsArray()
            .Single(e => e!["is_admin_only"]!.GetValue<bool>())!["id"]!.GetValue<string>();

        var response = await _demo.GetAsync($"/v2/snapshots/{snapshot}/export-locations/{adminOnly}");

        Fault.AssertIs(response, HttpStatusCode.Forbidden, adminOnly);
    }

    [Test]
    public async Task ExportLocations_Before2_32_Answers404()
    {
        var (_, snapshot) = await SnapshotAsync();
        _demo.Version = "2.31";

        var response = await _demo.GetAsync($"/v2/snapshots/{snapshot}/export-locations");

        Fault.AssertIs(response, HttpStatusCode.NotFound);
    }

    [Test]
    public async Task AllowAccess_IpRule_BecomesActiveReadOnlyOnTheBackend()
    {
        var (share, snapshot) = await SnapshotAsync();

        var response = await _demo.SnapshotActionAsync(snapshot, new { allow_access = new { access_type = "ip", access_to = "10.1.0.0/24" } });
        await _host.IdleAsync();
        var list = await _demo.GetAsync($"/v2/snapshots/{snapshot}/access-list");
        var onBackend = await BackendRulesAsync(share, snapshot);

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.Accepted), response.Body);
        Assert.Multiple(() =>
        {
            Assert.That(response.Json["snapshot_access"]!["state"]!.GetValue<string>(), Is.EqualTo("queued_to_apply"));
            Assert.That(response.Json["snapshot_access"]!.AsObject().Select(p => p.Key), Is.EquivalentTo(new[] { "id", "access_type", "access_to", "state" }));
            Assert.That(list.Json["snapshot_access_list"]!.AsArray(), Has.Count.EqualTo(1));
            Assert.That(list.Json["snapshot_access_list"]![0]!["state"]!.GetValue<string>(), Is.EqualTo("active"));
            Assert.That(onBackend, Is.EqualTo(new[] { "ip:10.1.0.0/24 ro" }), "snapshots are only ever exported read-only");
        });
    }

    [Test]
    public async Task DenyAccess_ActiveRule_IsRemovedFromTheBackendAndTheList()
    {
        var (share, snapshot) = await SnapshotAsync();
        var allow = await _demo.SnapshotActionAsync(snapshot, new { allow_access = new { access_type = "ip", access_to = "10.1.0.7" } });
        await _demo.SnapshotActionAsync(snapshot, new { allow_access = new { access_type = "ip", access_to = "10.1.0.8" } });
        await _host.IdleAsync();

        var deny = await _demo.SnapshotActionAsync(snapshot, new { deny_access = new { access_id = allow.Json["snapshot_access"]!["id"]!.GetValue<string>() } });
        await _host.IdleAsync();
        var list = await _demo.GetAsync($"/v2/snapshots/{snapshot}/access-list");

        Assert.That(deny.Status, Is.EqualTo(HttpStatusCode.Accepted), deny.Body);
        Assert.That(list.Json["snapshot_access_list"]!.AsArray().Select(r => r!["access_to"]!.GetValue<string>()), Is.EqualTo(new[] { "10.1.0.8" }));
        Assert.That(await BackendRulesAsync(share, snapshot), Is.EqualTo(new[] { "ip:10.1.0.8 ro" }));
    }

    [Test]
    public async Task AllowAccess_RuleTheDriverRefuses_GoesErrorWithAMessage()
    {
        var (_, snapshot) = await SnapshotAsync();

        await _demo.SnapshotActionAsync(snapshot, new { allow_access = new { access_type = "user", access_to = "alice" } });
        await _host.IdleAsync();
        var list = await _demo.GetAsync($"/v2/snapshots/{snapshot}/access-list");
        var messages = await _host.MessagesAboutAsync(snapshot);

        Assert.That(list.Json["snapshot_access_list"]![0]!["state"]!.GetValue<string>(), Is.EqualTo("error"));
        Assert.That(messages.Single().ActionId, Is.EqualTo("010"));
        Assert.That(messages.Single().UserMessage, Does.Contain("user:alice").And.Contain("only 'ip' rules"));
    }

    [TestCase("{\"allow_access\": {\"access_type\": \"ip\", \"access_to\": \"10.1.0.0/24\", \"access_level\": \"rw\"}}", "allow_access.access_level", "read-only")]
    [TestCase("{\"allow_access\": {\"access_type\": \"cephx\", \"access_to\": \"alice\"}}", "allow_access.access_type", "cephx")]
    [TestCase("{\"allow_access\": {\"access_type\": \"ip\", \"access_to\": \"10.1.0.1/24\"}}", "allow_access.access_to", "10.1.0.1/24")]
    [TestCase("{\"allow_access\": {\"access_type\": \"ip\", \"access_to\": \"300.1.1.1\"}}", "allow_access.access_to", "300.1.1.1")]
    [TestCase("{\"allow_access\": {\"access_type\": \"user\", \"access_to\": \"a:b\"}}", "allow_access.access_to", "user name")]
    [TestCase("{\"allow_access\": {\"access_type\": \"cert\", \"access_to\": \"" + "0123456789012345678901234567890123456789012345678901234567890123456789" + "\"}}", "allow_access.access_to", "64")]
    [TestCase("{\"allow_access\": {\"access_type\": \"ip\"}}", "allow_access.access_to", "required")]
    [TestCase("{\"allow_access\": {\"access_type\": \"ip\", \"access_to\": \"::1\"}}", "allow_access.access_to", "2.38")]
    public async Task AllowAccess_BadRule_Answers400NamingTheFieldAndAddsNothing(string body, string field, string reason)
    {
        var (_, snapshot) = await SnapshotAsync();
        _demo.Version = "2.37";

        var response = await _demo.SendAsync(HttpMethod.Post, $"/v2/snapshots/{snapshot}/action", rawBody: body);

        Fault.AssertIs(response, HttpStatusCode.BadRequest, field, reason);
        Assert.That(await _host.CountAsync("SELECT COUNT(*) FROM snapshot_access_rules"), Is.Zero);
    }

    [Test]
    public async Task AllowAccess_Ipv6From2_38_IsAccepted()
    {
        var (_, snapshot) = await SnapshotAsync();

        var response = await _demo.SnapshotActionAsync(snapshot, new { allow_access = new { access_type = "ip", access_to = "2001:db8::/64" } });

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.Accepted), response.Body);
    }

    [Test]
    public async Task AllowAccess_Duplicate_Answers400()
    {
        var (_, snapshot) = await SnapshotAsync();
        await _demo.SnapshotActionAsync(snapshot, new { allow_access = new { access_type = "ip", access_to = "10.9.9.9" } });

        var response = await _demo.SnapshotActionAsync(snapshot, new { allow_access = new { access_type = "ip", access_to = "10.9.9.9" } });

        Fault.AssertIs(response, HttpStatusCode.BadRequest, "ip:10.9.9.9", "exists");
    }

    [Test]
    public async Task AllowAccess_TypeWithoutMountSupport_Answers400AndHasNoExports()
    {
        await _host.CreateSnapshotTypeAsync("no-mount", new Dictionary<string, string> { ["snapshot_support"] = "True" });
        var share = await _demo.SnapshotableShareAsync(type: "no-mount");
        var snapshot = await _demo.AvailableSnapshotAsync(share);

        var response = await _demo.SnapshotActionAsync(snapshot, new { allow_access = new { access_type = "ip", access_to = "10.1.0.1" } });

        Fault.AssertIs(response, HttpStatusCode.BadRequest, "mount_snapshot_support");
    }

    [Test]
    public async Task ExportLocations_PoolWithoutMountSupport_NoneAndAccessRefused()
    {
        using var host = new TestHost(settings: new Dictionary<string, string?>
        {
            ["Backends:dummy1:Options:Pools:0:MountSnapshotSupport"] = "false",
            ["Backends:dummy2:Options:Pools:0:MountSnapshotSupport"] = "false",
        });
        using var demo = host.Client(TestHost.DemoToken);
        await host.CreateSnapshotTypeAsync("snap-no-mount", new Dictionary<string, string> { ["snapshot_support"] = "True" });
        var share = await demo.SnapshotableShareAsync(type: "snap-no-mount");
        var snapshot = await demo.AvailableSnapshotAsync(share);
        await host.ExecuteAsync("UPDATE shares SET mount_snapshot_support = 1 WHERE id = @share", new { share });

        var locations = await demo.GetAsync($"/v2/snapshots/{snapshot}/export-locations");
        var allow = await demo.SnapshotActionAsync(snapshot, new { allow_access = new { access_type = "ip", access_to = "10.1.0.1" } });

        Assert.That(locations.Json["share_snapshot_export_locations"]!.AsArray(), Is.Empty);
        Fault.AssertIs(allow, HttpStatusCode.BadRequest, "does not advertise mount_snapshot_support");
    }

    [Test]
    public async Task AccessActions_Before2_32_Answer404()
    {
        var (_, snapshot) = await SnapshotAsync();
        _demo.Version = "2.31";

        var allow = await _demo.SnapshotActionAsync(snapshot, new { allow_access = new { access_type = "ip", access_to = "10.1.0.1" } });
        var list = await _demo.GetAsync($"/v2/snapshots/{snapshot}/access-list");

        Fault.AssertIs(allow, HttpStatusCode.NotFound);
        Fault.AssertIs(list, HttpStatusCode.NotFound);
    }

    [Test]
    public async Task DenyAccess_UnknownRule_Answers404()
    {
        var (_, snapshot) = await SnapshotAsync();
        var unknown = Guid.NewGuid().ToString();

        var response = await _demo.SnapshotActionAsync(snapshot, new { deny_access = new { access_id = unknown } });

        Fault.AssertIs(response, HttpStatusCode.NotFound, unknown);
    }

    [Test]
    public async Task AccessSync_DriverFails_RulesGoErrorWithAMessage()
    {
        using var host = new TestHost(settings: new Dictionary<string, string?> { ["Backends:dummy1:Options:Addresses:0:Address"] = "192.0.2.10" });
        using var demo = host.Client(TestHost.DemoToken);
        await host.CreateSnapshotTypeAsync();
        var (_, snapshot) = await SnapshotAsync(demo);
        host.Fail("UpdateSnapshotAccess");

        await demo.SnapshotActionAsync(snapshot, new { allow_access = new { access_type = "ip", access_to = "10.1.0.1" } });
        await host.IdleAsync();
        var list = await demo.GetAsync($"/v2/snapshots/{snapshot}/access-list");

        Assert.That(list.Json["snapshot_access_list"]![0]!["state"]!.GetValue<string>(), Is.EqualTo("error"));
        Assert.That((await host.MessagesAboutAsync(snapshot)).Single().UserMessage, Does.StartWith("update access rules:").And.Contain("Injected failure"));
    }

    /// <summary>An available share on dummy1 (address 192.0.2.10) and an available snapshot of it.</summary>
    private async Task<(string Share, string Snapshot)> SnapshotAsync(ApiClient? demo = null)
    {
        demo ??= _demo;
        var share = await demo.SnapshotableShareAsync(zone: "az1");
        return (share, await demo.AvailableSnapshotAsync(share));
    }

    private async Task<IReadOnlyList<string>> BackendRulesAsync(string share, string snapshot)
    {
        var driver = await _host.DummyOfShareAsync(share);
        return (IReadOnlyList<string>)driver.SnapshotAccess((await _host.SnapshotRecordAsync(snapshot)).InstanceId);
    }
}
