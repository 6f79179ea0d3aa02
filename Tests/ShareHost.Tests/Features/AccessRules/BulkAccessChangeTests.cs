using System.Net;
using ShareHost.Tests.Api;
using ShareHost.Tests.Features.Shares;
using ShareHost.Tests.Infrastructure;

namespace ShareHost.Tests.Features.AccessRules;

/// <summary>
/// The ShareHost bulk change (<c>POST /v2/sharehost/shares/{id}/access-rules</c>): the whole set is validated and queued
/// in one transaction, or nothing is and the answer names the first bad item by index.
/// </summary>
public sealed class BulkAccessChangeTests
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
    public async Task BulkChange_AddAndRemove_AnswersTheResultingRulesAndReachesTheDriverTogether()
    {
        var shareId = await _admin.AvailableShareAsync();
        var backend = await _host.BackendOfAsync(shareId);
        var old = await _admin.AllowOkAsync(shareId, "ip", "10.0.0.1");
        await _admin.WaitForRuleAsync(old, "active");
        await _host.AccessIdleAsync();
        var callsBefore = _host.AccessCalls(backend);
        _host.SetDummyOption("LatencyMs:UpdateAccess", "300");

        var response = await _admin.PostAsync($"/v2/sharehost/shares/{shareId}/access-rules", new
        {
            add = Enumerable.Range(2, 5).Select(i => new { access_type = "ip", access_to = $"10.0.0.{i}", access_level = "ro", metadata = new { n = $"{i}" } }),
            remove = new[] { old },
        });

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.OK), response.Body);
        var rules = response.Json["access_list"]!.AsArray();
        // The sync may already have taken them into its (slow) driver call when the answer is written.
        Assert.That(rules.Select(r => r!["access_to"]!.GetValue<string>()), Is.EqualTo(new[] { "10.0.0.1", "10.0.0.2", "10.0.0.3", "10.0.0.4", "10.0.0.5", "10.0.0.6" }));
        Assert.That(rules[0]!["state"]!.GetValue<string>(), Is.AnyOf("queued_to_deny", "denying"));
        Assert.That(rules.Skip(1).Select(r => r!["state"]!.GetValue<string>()), Is.All.AnyOf("queued_to_apply", "applying"));
        await _admin.WaitForRulesAsync(shareId, "active", count: 5);
        await _host.AccessIdleAsync();
        var update = _host.LastAccessUpdate(backend)!;
        Assert.Multiple(() =>
        {
            Assert.That(_host.AccessCalls(backend) - callsBefore, Is.EqualTo(1), "one change, one driver call");
            Assert.That(update.AddRules, Has.Count.EqualTo(5));
            Assert.That(update.DeleteRules.Select(r => r.Id), Is.EqualTo(new[] { old }));
            Assert.That(update.Rules.Select(r => r.AccessLevel), Is.All.EqualTo("ro"));
        });
    }

    [TestCase("{\"add\": [{\"access_type\": \"ip\", \"access_to\": \"10.0.1.1\"}, {\"access_type\": \"ip\", \"access_to\": \"10.0.1.1\"}]}", "add[1].access_to", "add[0]")]
    [TestCase("{\"add\": [{\"access_type\": \"ip\", \"access_to\": \"10.0.1.1\"}, {\"access_type\": \"ip\", \"access_to\": \"10.0.1.2\"}, {\"access_type\": \"ip\", \"access_to\": \"10.0.1.2\"}, {\"access_type\": \"ip\", \"access_to\": \"999.0.0.1\"}]}", "add[2].access_to", "add[1]")]
    [TestCase("{\"add\": [{\"access_type\": \"ip\", \"access_to\": \"10.0.1.1\"}, {\"access_type\": \"ip\", \"access_to\": \"10.0.1.2\"}, {\"access_type\": \"ip\", \"access_to\": \"10.0.1.3\"}, {\"access_type\": \"ip\", \"access_to\": \"999.0.0.1\"}]}", "add[3].access_to", "999.0.0.1")]
    [TestCase("{\"add\": [{\"access_type\": \"ip\", \"access_to\": \"10.0.1.1\"}, {\"access_type\": \"user\", \"access_to\": \"alice\"}]}", "add[1].access_type", "NFS")]
    [TestCase("{\"add\": [{\"access_type\": \"ip\", \"access_to\": \"10.0.1.1\", \"access_level\": \"rx\"}]}", "add[0].access_level", "rx")]
    [TestCase("{\"add\": [{\"access_type\": \"ip\", \"access_to\": \"10.0.1.1\", \"metadata\": {\"k\": \"\"}}]}", "add[0].metadata", "1 to 1023")]
    [TestCase("{\"add\": [{\"access_type\": \"ip\", \"access_to\": \"10.0.1.1\"}], \"remove\": [\"no-such-rule\"]}", "remove[0]", "no-such-rule")]
    [TestCase("{\"add\": [], \"remove\": []}", "add", "at least one")]
    [TestCase("{}", "add", "at least one")]
    [TestCase("{\"add\": [{\"access_type\": \"ip\", \"access_to\": \"10.0.1.1\", \"color\": \"red\"}]}", "color", "")]
    [TestCase("{\"add\": {\"access_type\": \"ip\"}}", "add", "")]
    public async Task BulkChange_OneBadItem_400NamingItAndNothingIsQueued(string body, string field, string reason)
    {
        var shareId = await _admin.AvailableShareAsync();
        var existing = await _admin.AllowOkAsync(shareId, "ip", "10.0.0.1");
        await _admin.WaitForRuleAsync(existing, "active");

        var response = await _admin.SendAsync(HttpMethod.Post, $"/v2/sharehost/shares/{shareId}/access-rules", rawBody: body);

        Fault.AssertIs(response, HttpStatusCode.BadRequest, field, reason);
        await _host.AccessIdleAsync();
        var rules = await _admin.RulesAsync(shareId);
        Assert.That(rules.Select(r => (r!["id"]!.GetValue<string>(), r["state"]!.GetValue<string>())), Is.EqualTo(new[] { (existing, "active") }));
    }

    [Test]
    public async Task BulkChange_AddExistingTargetAndRemoveValidRule_400AndTheRemovalIsNotQueued()
    {
        var shareId = await _admin.AvailableShareAsync();
        var keep = await _admin.AllowOkAsync(shareId, "ip", "10.0.0.1");
        var other = await _admin.AllowOkAsync(shareId, "ip", "10.0.0.2");
        await _admin.WaitForRulesAsync(shareId, "active", count: 2);

        var response = await _admin.PostAsync($"/v2/sharehost/shares/{shareId}/access-rules", new
        {
            add = new[] { new { access_type = "ip", access_to = "10.0.0.3" }, new { access_type = "ip", access_to = "10.0.0.1" } },
            remove = new[] { other },
        });

        Fault.AssertIs(response, HttpStatusCode.BadRequest, "add[1].access_to", "Share access ip:10.0.0.1 exists.");
        await _host.AccessIdleAsync();
        Assert.That((await _admin.RulesAsync(shareId)).Select(r => r!["state"]!.GetValue<string>()), Is.EqualTo(new[] { "active", "active" }));
        Assert.That(keep, Is.Not.Null);
    }

    [Test]
    public async Task BulkChange_MoreItemsThanTheLimit_400()
    {
        using var host = new TestHost(settings: new Dictionary<string, string?> { ["AccessRules:MaxBulkItems"] = "3" });
        using var admin = host.Client();
        var shareId = await admin.AvailableShareAsync();

        var response = await admin.PostAsync($"/v2/sharehost/shares/{shareId}/access-rules", new
        {
            add = Enumerable.Range(1, 4).Select(i => new { access_type = "ip", access_to = $"10.0.0.{i}" }),
        });

        Fault.AssertIs(response, HttpStatusCode.BadRequest, "at most 3");
        Assert.That(await admin.RulesAsync(shareId), Is.Empty);
    }

    [Test]
    public async Task BulkChange_BeyondTheRulesPerShareLimit_400()
    {
        using var host = new TestHost(settings: new Dictionary<string, string?> { ["AccessRules:MaxRulesPerShare"] = "2" });
        using var admin = host.Client();
        var shareId = await admin.AvailableShareAsync();
        await admin.AllowOkAsync(shareId, "ip", "10.0.0.1");

        var response = await admin.PostAsync($"/v2/sharehost/shares/{shareId}/access-rules", new
        {
            add = new[] { new { access_type = "ip", access_to = "10.0.0.2" }, new { access_type = "ip", access_to = "10.0.0.3" } },
        });
        var single = await admin.AllowAsync(shareId, "ip", "10.0.0.4");
        var one = await admin.AllowAsync(shareId, "ip", "10.0.0.5");

        Fault.AssertIs(response, HttpStatusCode.BadRequest, "at most 2");
        Assert.That(single.Status, Is.EqualTo(HttpStatusCode.OK), single.Body);
        Fault.AssertIs(one, HttpStatusCode.BadRequest, "at most 2");
    }

    [Test]
    public async Task BulkChange_ConcurrentWithAllows_NoTargetIsStoredTwice()
    {
        var shareId = await _admin.AvailableShareAsync();
        var targets = Enumerable.Range(1, 20).Select(i => $"10.0.3.{i}").ToList();

        var bulk = _admin.PostAsync($"/v2/sharehost/shares/{shareId}/access-rules", new { add = targets.Select(t => new { access_type = "ip", access_to = t }) });
        var singles = targets.Select(t => _admin.AllowAsync(shareId, "ip", t)).ToList();
        await Task.WhenAll(singles.Append(bulk));

        var rules = await _admin.RulesAsync(shareId);
        Assert.That(rules.Select(r => r!["access_to"]!.GetValue<string>()), Is.EquivalentTo(targets), "each target exactly once");
        Assert.That(singles.Select(s => s.Result.Status).Append(bulk.Result.Status), Is.All.EqualTo(HttpStatusCode.OK).Or.EqualTo(HttpStatusCode.BadRequest));
    }
}
