using System.Net;
using ShareHost.Tests.Features.AccessRules;
using ShareHost.Tests.Infrastructure;

namespace ShareHost.Tests.Features.Mounts;

/// <summary>
/// Mount access through access rules (the default): a mount's client gets an ip rule the driver applies, leases of the
/// same client share it, the end of the last one denies it (the fencing), and a rule made by hand is never denied by a
/// mount. Each test works on a share of its own.
/// </summary>
public sealed class MountAccessRuleTests
{
    private const string Refused = "10.9.9.9";

    private TestHost _host = null!;
    private ApiClient _demo = null!;
    private ApiClient _admin = null!;

    [OneTimeSetUp]
    public void OneTimeSetUp()
    {
        _host = new TestHost(settings: Mounts.Pool()
            .With("Jobs:LeaseExpirySeconds", "3600")
            .With("Backends:dummy1:Options:Access:FailAccessTo:0", Refused)
            .With("Backends:dummy1:Options:Access:FailMessage", "client is blacklisted"));
        _demo = _host.Client(TestHost.DemoToken);
        _admin = _host.Client();
    }

    [OneTimeTearDown]
    public void OneTimeTearDown()
    {
        _demo.Dispose();
        _admin.Dispose();
        _host.Dispose();
    }

    [Test]
    public async Task Mount_NewClient_MakesAMarkedIpRuleTheDriverApplies()
    {
        var share = await Mounts.ShareAsync(_demo);

        var mount = await Mounts.MountOkAsync(_demo, share, "192.0.2.21", level: "ro");

        var rules = await _demo.RulesAsync(share);
        var applied = _host.AppliedRules(await _host.InstanceIdAsync(share));
        Assert.Multiple(() =>
        {
            Assert.That(mount["access"]!.GetValue<string>(), Is.EqualTo("active"));
            Assert.That(rules, Has.Count.EqualTo(1));
            Assert.That(rules[0]!["id"]!.GetValue<string>(), Is.EqualTo(mount["access_rule_id"]!.GetValue<string>()));
            Assert.That(rules[0]!["access_type"]!.GetValue<string>(), Is.EqualTo("ip"));
            Assert.That(rules[0]!["access_to"]!.GetValue<string>(), Is.EqualTo("192.0.2.21"));
            Assert.That(rules[0]!["access_level"]!.GetValue<string>(), Is.EqualTo("ro"));
            Assert.That(rules[0]!["state"]!.GetValue<string>(), Is.EqualTo("active"));
            Assert.That(rules[0]!["metadata"]!["sharehost_mount"]!.GetValue<string>(), Is.EqualTo("true"));
            Assert.That(applied.Select(r => (r.AccessTo, r.AccessLevel)), Is.EqualTo(new[] { ("192.0.2.21", "ro") }));
        });
    }

    [Test]
    public async Task Release_LastLeaseOfTheClient_DeniesItsRuleAtTheDriver()
    {
        var share = await Mounts.ShareAsync(_demo);
        var mount = await Mounts.MountOkAsync(_demo, share, "192.0.2.22");

        var released = await Mounts.ReleaseAsync(_demo, mount.Id());

        Assert.That(released.Status, Is.EqualTo(HttpStatusCode.Accepted).Or.EqualTo(HttpStatusCode.OK).Or.EqualTo(HttpStatusCode.NoContent), released.Body);
        await _demo.WaitForRuleAsync(mount["access_rule_id"]!.GetValue<string>(), null);
        var shown = await Mounts.ShowAsync(_demo, mount.Id());
        Assert.Multiple(async () =>
        {
            Assert.That(shown["access"]!.GetValue<string>(), Is.EqualTo("withdrawn"));
            Assert.That(_host.AppliedRules(await _host.InstanceIdAsync(share)), Is.Empty);
        });
    }

    [Test]
    public async Task Expiry_LastLeaseOfTheClient_DeniesItsRule()
    {
        var share = await Mounts.ShareAsync(_demo);
        var mount = await Mounts.MountOkAsync(_demo, share, "192.0.2.23", seconds: 1);
        var rule = mount["access_rule_id"]!.GetValue<string>();

        await Mounts.EventuallyAsync(async () =>
            (await _admin.PostAsync("/v2/sharehost/mount-expiry", new { })).Status == HttpStatusCode.OK
            && (await Mounts.ShowAsync(_demo, mount.Id())).State() == "expired", "the 1 s lease expires");

        await _demo.WaitForRuleAsync(rule, null);
        Assert.That(_host.AppliedRules(await _host.InstanceIdAsync(share)), Is.Empty);
    }

    [Test]
    public async Task Mount_SameClientTwice_OneRuleKeptUntilTheLastLeaseEnds()
    {
        var share = await Mounts.ShareAsync(_demo);
        var first = await Mounts.MountOkAsync(_demo, share, "192.0.2.24");
        var second = await Mounts.MountOkAsync(_demo, share, "192.0.2.24");
        var rule = first["access_rule_id"]!.GetValue<string>();

        await Mounts.ReleaseAsync(_demo, first.Id());
        await _host.AccessIdleAsync();
        var afterFirst = await _demo.RulesAsync(share);
        await Mounts.ReleaseAsync(_demo, second.Id());

        await _demo.WaitForRuleAsync(rule, null);
        Assert.Multiple(() =>
        {
            Assert.That(second["access_rule_id"]!.GetValue<string>(), Is.EqualTo(rule));
            Assert.That(afterFirst.Select(r => (r!["id"]!.GetValue<string>(), r["state"]!.GetValue<string>())), Is.EqualTo(new[] { (rule, "active") }));
        });
    }

    [Test]
    public async Task Mount_ClientWithAHandMadeRule_UsesItAndLeavesItWhenTheLeaseEnds()
    {
        var share = await Mounts.ShareAsync(_demo);
        var handMade = await _demo.AllowOkAsync(share, "ip", "192.0.2.25", "rw");
        await _demo.WaitForRuleAsync(handMade, "active");

        var mount = await Mounts.MountOkAsync(_demo, share, "192.0.2.25", level: "ro");
        await Mounts.ReleaseAsync(_demo, mount.Id());
        await _host.AccessIdleAsync();

        var rules = await _demo.RulesAsync(share);
        var shown = await Mounts.ShowAsync(_demo, mount.Id());
        Assert.Multiple(() =>
        {
            Assert.That(mount["access"]!.GetValue<string>(), Is.EqualTo("user_rule"));
            Assert.That(mount["access_rule_id"]!.GetValue<string>(), Is.EqualTo(handMade));
            Assert.That(shown["access"]!.GetValue<string>(), Is.EqualTo("user_rule"));
            Assert.That(rules.Select(r => (r!["id"]!.GetValue<string>(), r["state"]!.GetValue<string>())), Is.EqualTo(new[] { (handMade, "active") }));
        });
    }

    [Test]
    public async Task Mount_HandMadeRoRuleAndAnRwMount_409AndNothingChanges()
    {
        var share = await Mounts.ShareAsync(_demo);
        var handMade = await _demo.AllowOkAsync(share, "ip", "192.0.2.26", "ro");
        await _demo.WaitForRuleAsync(handMade, "active");

        var mount = await Mounts.MountAsync(_demo, share, "192.0.2.26", level: "rw");

        var live = await _demo.GetAsync($"/v2/sharehost/mounts?share_id={share}&state=active");
        Assert.Multiple(async () =>
        {
            Assert.That(mount.Status, Is.EqualTo(HttpStatusCode.Conflict), mount.Body);
            Assert.That(mount.ErrorMessage, Does.Contain("made by hand").And.Contain("ro only"));
            Assert.That(live.Json["mounts"]!.AsArray(), Is.Empty);
            Assert.That((await _demo.RulesAsync(share)).Select(r => r!["id"]!.GetValue<string>()), Is.EqualTo(new[] { handMade }));
        });
    }

    [Test]
    public async Task Mount_ClientHoldingRoMountsAsksRw_409UntilTheyEnd()
    {
        var share = await Mounts.ShareAsync(_demo);
        var ro = await Mounts.MountOkAsync(_demo, share, "192.0.2.27", level: "ro");

        var refused = await Mounts.MountAsync(_demo, share, "192.0.2.27", level: "rw");
        await Mounts.ReleaseAsync(_demo, ro.Id());
        var rw = await Mounts.MountOkAsync(_demo, share, "192.0.2.27", level: "rw");

        var rules = await _demo.RulesAsync(share);
        Assert.Multiple(() =>
        {
            Assert.That(refused.Status, Is.EqualTo(HttpStatusCode.Conflict), refused.Body);
            Assert.That(refused.ErrorMessage, Does.Contain("holds ro mounts"));
            Assert.That(rw["access"]!.GetValue<string>(), Is.EqualTo("active"));
            Assert.That(rules.Select(r => (r!["id"]!.GetValue<string>(), r["access_level"]!.GetValue<string>())),
                Is.EqualTo(new[] { (rw["access_rule_id"]!.GetValue<string>(), "rw") }));
        });
    }

    [Test]
    public async Task Mount_DriverRefusesTheClientsAccess_409NoLiveLeaseAndTheRuleIsTakenBack()
    {
        var share = await Mounts.ShareAsync(_demo);

        var mount = await Mounts.MountAsync(_demo, share, Refused);

        var leases = (await _demo.GetAsync($"/v2/sharehost/mounts?share_id={share}")).Json["mounts"]!.AsArray();
        await Mounts.EventuallyAsync(async () => (await _demo.RulesAsync(share)).Count == 0, "the refused rule is denied");
        var again = await Mounts.MountAsync(_demo, share, Refused);
        Assert.Multiple(async () =>
        {
            Assert.That(mount.Status, Is.EqualTo(HttpStatusCode.Conflict), mount.Body);
            Assert.That(mount.ErrorMessage, Does.Contain("refused access for client " + Refused).And.Contain("undone"));
            Assert.That(leases.Select(l => (l!["lease"]!["state"]!.GetValue<string>(), l["access"]!.GetValue<string>())),
                Is.EqualTo(new[] { ("released", "withdrawn") }));
            Assert.That(again.Status, Is.EqualTo(HttpStatusCode.Conflict), "a second try is refused the same way, not stuck on the old rule");
            Assert.That(_host.AppliedRules(await _host.InstanceIdAsync(share)), Is.Empty);
        });
    }

    [Test]
    public async Task Mount_HostNameClient_RecordedOnlyWithoutARule()
    {
        var share = await Mounts.ShareAsync(_demo);

        var mount = await Mounts.MountOkAsync(_demo, share, "client-9.example.com");

        Assert.Multiple(async () =>
        {
            Assert.That(mount["access"]!.GetValue<string>(), Is.EqualTo("recorded"));
            Assert.That(mount["access_rule_id"], Is.Null);
            Assert.That(await _demo.RulesAsync(share), Is.Empty);
        });
    }

    [Test]
    public async Task Mount_ManyClientsAtOnce_EachGetsItsOwnAppliedRule()
    {
        var share = await Mounts.ShareAsync(_demo);

        var mounts = await Task.WhenAll(Enumerable.Range(1, 20).Select(i => Mounts.MountOkAsync(_demo, share, $"198.51.100.{i}")));

        var rules = await _demo.RulesAsync(share);
        Assert.Multiple(() =>
        {
            Assert.That(mounts.Select(m => m["access"]!.GetValue<string>()).Distinct(), Is.EqualTo(new[] { "active" }));
            Assert.That(rules.Select(r => r!["id"]!.GetValue<string>()), Is.EquivalentTo(mounts.Select(m => m["access_rule_id"]!.GetValue<string>())));
            Assert.That(rules.Select(r => r!["state"]!.GetValue<string>()).Distinct(), Is.EqualTo(new[] { "active" }));
        });
    }
}
