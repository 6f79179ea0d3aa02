using System.Net;
using System.Text.Json.Nodes;
using ShareHost.Tests.Features.Snapshots;
using ShareHost.Tests.Infrastructure;

namespace ShareHost.Tests.Features.Mounts;

/// <summary>
/// Snapshot mounts through snapshot access rules (the default <c>Mounts:Access = rules</c>): the client gets a
/// read-only ip rule on the snapshot that the driver applies, leases of the same client on the snapshot share it, the
/// end of the last one denies it, and a rule made by hand is never denied by a mount. Each test mounts a snapshot of
/// its own.
/// </summary>
public sealed class SnapshotMountAccessTests
{
    private TestHost _host = null!;
    private ApiClient _demo = null!;
    private ApiClient _admin = null!;

    [OneTimeSetUp]
    public async Task OneTimeSetUp()
    {
        _host = new TestHost(settings: Mounts.Pool().With("Jobs:LeaseExpirySeconds", "3600"));
        _demo = _host.Client(TestHost.DemoToken);
        _admin = _host.Client();
        await _host.CreateSnapshotTypeAsync();
    }

    [OneTimeTearDown]
    public void OneTimeTearDown()
    {
        _demo.Dispose();
        _admin.Dispose();
        _host.Dispose();
    }

    [Test]
    public async Task Mount_Snapshot_MakesARoSnapshotRuleTheDriverApplies()
    {
        var snapshot = await SnapshotAsync();

        var mount = await MountOkAsync(snapshot, "192.0.2.61");

        var rules = await AccessListAsync(snapshot);
        Assert.Multiple(async () =>
        {
            Assert.That(mount["access"]!.GetValue<string>(), Is.EqualTo("active"));
            Assert.That(rules, Has.Count.EqualTo(1));
            Assert.That(rules[0]!["id"]!.GetValue<string>(), Is.EqualTo(mount["access_rule_id"]!.GetValue<string>()));
            Assert.That(rules[0]!["access_type"]!.GetValue<string>(), Is.EqualTo("ip"));
            Assert.That(rules[0]!["access_to"]!.GetValue<string>(), Is.EqualTo("192.0.2.61"));
            Assert.That(rules[0]!["state"]!.GetValue<string>(), Is.EqualTo("active"));
            Assert.That(await OnBackendAsync(snapshot), Is.EqualTo(new[] { "ip:192.0.2.61 ro" }));
        });
    }

    [Test]
    public async Task Mount_SnapshotSameClientTwice_SecondUsesTheFirstsRule()
    {
        var snapshot = await SnapshotAsync();

        var first = await MountOkAsync(snapshot, "192.0.2.62");
        var second = await MountOkAsync(snapshot, "192.0.2.62");

        var rules = await AccessListAsync(snapshot);
        Assert.Multiple(() =>
        {
            Assert.That(second["access"]!.GetValue<string>(), Is.EqualTo("active"));
            Assert.That(second["access_rule_id"]!.GetValue<string>(), Is.EqualTo(first["access_rule_id"]!.GetValue<string>()));
            Assert.That(rules.Select(r => r!["id"]!.GetValue<string>()), Is.EqualTo(new[] { first["access_rule_id"]!.GetValue<string>() }));
        });
    }

    [Test]
    public async Task Release_LastSnapshotLeaseOfTheClient_DeniesItsRuleAtTheDriver()
    {
        var snapshot = await SnapshotAsync();
        var first = await MountOkAsync(snapshot, "192.0.2.63");
        var second = await MountOkAsync(snapshot, "192.0.2.63");
        var rule = first["access_rule_id"]!.GetValue<string>();

        await Mounts.ReleaseAsync(_demo, first.Id());
        await _host.IdleAsync();
        var afterFirst = await AccessListAsync(snapshot);
        var released = await Mounts.ReleaseAsync(_demo, second.Id());

        await WaitForRuleGoneAsync(snapshot, rule);
        var shown = await Mounts.ShowAsync(_demo, second.Id());
        Assert.Multiple(async () =>
        {
            Assert.That(released.Status, Is.EqualTo(HttpStatusCode.Accepted), released.Body);
            Assert.That(afterFirst.Select(r => (r!["id"]!.GetValue<string>(), r["state"]!.GetValue<string>())), Is.EqualTo(new[] { (rule, "active") }),
                "the second lease still uses it");
            Assert.That(shown["access"]!.GetValue<string>(), Is.EqualTo("withdrawn"));
            Assert.That(await OnBackendAsync(snapshot), Is.Empty);
        });
    }

    [Test]
    public async Task Expiry_LastSnapshotLeaseOfTheClient_DeniesItsRule()
    {
        var snapshot = await SnapshotAsync();
        var mount = await MountOkAsync(snapshot, "192.0.2.64", seconds: 1);
        var rule = mount["access_rule_id"]!.GetValue<string>();

        await Mounts.EventuallyAsync(async () =>
            (await _admin.PostAsync("/v2/sharehost/mount-expiry", new { })).Status == HttpStatusCode.OK
            && (await Mounts.ShowAsync(_demo, mount.Id())).State() == "expired", "the 1 s lease expires");

        await WaitForRuleGoneAsync(snapshot, rule);
        Assert.That(await OnBackendAsync(snapshot), Is.Empty);
    }

    [Test]
    public async Task Mount_SnapshotClientWithAHandMadeRule_UsesItAndLeavesItWhenTheLeaseEnds()
    {
        var snapshot = await SnapshotAsync();
        var allowed = await _demo.SnapshotActionAsync(snapshot, new { allow_access = new { access_type = "ip", access_to = "192.0.2.65" } });
        Assert.That(allowed.Status, Is.EqualTo(HttpStatusCode.Accepted), allowed.Body);
        var handMade = allowed.Json["snapshot_access"]!["id"]!.GetValue<string>();
        await _host.IdleAsync();

        var mount = await MountOkAsync(snapshot, "192.0.2.65");
        await Mounts.ReleaseAsync(_demo, mount.Id());
        await _host.IdleAsync();

        var rules = await AccessListAsync(snapshot);
        var shown = await Mounts.ShowAsync(_demo, mount.Id());
        Assert.Multiple(async () =>
        {
            Assert.That(mount["access"]!.GetValue<string>(), Is.EqualTo("user_rule"));
            Assert.That(mount["access_rule_id"]!.GetValue<string>(), Is.EqualTo(handMade));
            Assert.That(shown["access"]!.GetValue<string>(), Is.EqualTo("user_rule"));
            Assert.That(rules.Select(r => (r!["id"]!.GetValue<string>(), r["state"]!.GetValue<string>())), Is.EqualTo(new[] { (handMade, "active") }));
            Assert.That(await OnBackendAsync(snapshot), Is.EqualTo(new[] { "ip:192.0.2.65 ro" }));
        });
    }

    [Test]
    public async Task Mount_SnapshotHostNameClient_RecordedOnlyWithoutARule()
    {
        var snapshot = await SnapshotAsync();

        var mount = await MountOkAsync(snapshot, "client-7.example.com");

        Assert.Multiple(async () =>
        {
            Assert.That(mount["access"]!.GetValue<string>(), Is.EqualTo("recorded"));
            Assert.That(mount["access_rule_id"], Is.Null);
            Assert.That(await AccessListAsync(snapshot), Is.Empty);
        });
    }

    private async Task<string> SnapshotAsync()
    {
        var share = await _demo.SnapshotableShareAsync(zone: "az1");
        return await _demo.AvailableSnapshotAsync(share);
    }

    private async Task<JsonNode> MountOkAsync(string snapshot, string client, int seconds = 600)
    {
        var response = await _demo.SnapshotActionAsync(snapshot, new { mount = new { client, lease_seconds = seconds } });
        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.OK), response.Body);
        return response.Json["mount"]!;
    }

    private async Task<JsonArray> AccessListAsync(string snapshot)
    {
        var response = await _demo.GetAsync($"/v2/snapshots/{snapshot}/access-list");
        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.OK), response.Body);
        return response.Json["snapshot_access_list"]!.AsArray();
    }

    private Task WaitForRuleGoneAsync(string snapshot, string rule) =>
        Mounts.EventuallyAsync(async () => (await AccessListAsync(snapshot)).All(r => r!["id"]!.GetValue<string>() != rule), $"snapshot rule {rule} is denied");

    /// <summary>The rules the Dummy backend admits on the snapshot, as <c>type:to level</c>.</summary>
    private async Task<IReadOnlyList<string>> OnBackendAsync(string snapshot)
    {
        var record = await _host.SnapshotRecordAsync(snapshot);
        return (IReadOnlyList<string>)SnapshotTestSupport.Dummy(_host, record.Backend!).SnapshotAccess(record.InstanceId);
    }
}
