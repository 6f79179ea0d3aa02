using System.Net;
using ShareHost.Tests.Api;
using ShareHost.Tests.Features.Shares;
using ShareHost.Tests.Infrastructure;

namespace ShareHost.Tests.Features.AccessRules;

/// <summary>
/// Every bad allow/deny answers 4xx with Manila's fault body naming the field and the reason, and nothing is queued:
/// the share keeps its rules and the driver is never called.
/// </summary>
public sealed class AccessRuleBadInputTests
{
    private TestHost _host = null!;
    private ApiClient _admin = null!;
    private string _nfs = null!;
    private string _cifs = null!;

    [OneTimeSetUp]
    public async Task OneTimeSetUp()
    {
        _host = new TestHost();
        _admin = _host.Client();
        _nfs = await _admin.AvailableShareAsync();
        _cifs = await _admin.CreateShareAsync(protocol: "CIFS");
        await _admin.WaitForShareAsync(_cifs, "available");
    }

    [OneTimeTearDown]
    public void OneTimeTearDown()
    {
        _admin.Dispose();
        _host.Dispose();
    }

    [TestCase(null, "10.0.0.1", null, "allow_access.access_type", "required")]
    [TestCase("domain", "10.0.0.1", null, "allow_access.access_type", "only 'ip', 'user', 'cert' or 'cephx'")]
    [TestCase("ip", null, null, "allow_access.access_to", "required")]
    [TestCase("ip", "10.0.0.256", null, "allow_access.access_to", "10.0.0.256")]
    [TestCase("ip", "10.0.0", null, "allow_access.access_to", "not a valid IPv4")]
    [TestCase("ip", "10.0.0.1/33", null, "allow_access.access_to", "prefix length")]
    [TestCase("ip", "10.1.0.1/24", null, "allow_access.access_to", "host bits")]
    [TestCase("ip", "fd00:::1", null, "allow_access.access_to", "fd00:::1")]
    [TestCase("ip", "10.0.0.1", "rx", "allow_access.access_level", "Invalid share access level: rx.")]
    [TestCase("user", "alice", null, "allow_access.access_type", "NFS shares accept only 'ip'")]
    [TestCase("cephx", "alice", null, "allow_access.access_type", "NFS shares accept only 'ip'")]
    [TestCase("cert", "client", null, "allow_access.access_type", "NFS shares accept only 'ip'")]
    public async Task AllowAccess_BadRuleOnNfs_400NamingTheField(string? type, string? to, string? level, string field, string reason)
    {
        var access = new Dictionary<string, object?> { ["access_type"] = type, ["access_to"] = to };
        if (level is not null)
        {
            access["access_level"] = level;
        }

        var response = await _admin.ActionAsync(_nfs, new { allow_access = access });

        Fault.AssertIs(response, HttpStatusCode.BadRequest, field, reason);
        await AssertNothingQueuedAsync(_nfs);
    }

    [TestCase("user", "abc", "allow_access.access_to", "4 to 255")]
    [TestCase("user", "ab:cd", "allow_access.access_to", "ab:cd")]
    [TestCase("user", "....", "allow_access.access_to", "dots and spaces")]
    [TestCase("ip", "10.0.0.1", "allow_access.access_type", "CIFS shares accept only 'user'")]
    public async Task AllowAccess_BadRuleOnCifs_400NamingTheField(string type, string to, string field, string reason)
    {
        var response = await _admin.AllowAsync(_cifs, type, to);

        Fault.AssertIs(response, HttpStatusCode.BadRequest, field, reason);
        await AssertNothingQueuedAsync(_cifs);
    }

    [Test]
    public async Task AllowAccess_UserNameOf256Characters_400()
    {
        var response = await _admin.AllowAsync(_cifs, "user", new string('u', 256));

        Fault.AssertIs(response, HttpStatusCode.BadRequest, "allow_access.access_to", "4 to 255");
        await AssertNothingQueuedAsync(_cifs);
    }

    [Test]
    public async Task AllowAccess_IPv6Before2_38_400NamingTheVersion()
    {
        using var old = _host.Client(version: "2.37");

        var response = await old.AllowAsync(_nfs, "ip", "fd00::/64");

        Fault.AssertIs(response, HttpStatusCode.BadRequest, "allow_access.access_to", "2.38");
        await AssertNothingQueuedAsync(_nfs);
    }

    [Test]
    public async Task AllowAccess_IPv6From2_38_Accepted()
    {
        var share = await _admin.AvailableShareAsync();
        using var client = _host.Client(version: "2.38");

        var response = await client.AllowAsync(share, "ip", "fd00::/64");

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.OK), response.Body);
        await _admin.WaitForRulesAsync(share, "active", count: 1);
    }

    [Test]
    public async Task AllowAccess_CephxBefore2_13_400NamingTheVersion()
    {
        using var old = _host.Client(version: "2.12");

        var response = await old.AllowAsync(_nfs, "cephx", "alice");

        Fault.AssertIs(response, HttpStatusCode.BadRequest, "allow_access.access_type", "2.13");
    }

    [Test]
    public async Task AllowAccess_OldActionNameBefore2_7_ValidatesTheSameWay()
    {
        using var old = _host.Client(version: "2.6");

        var response = await old.ActionAsync(_nfs, new Dictionary<string, object> { ["os-allow_access"] = new { access_type = "ip", access_to = "300.0.0.1" } });

        Fault.AssertIs(response, HttpStatusCode.BadRequest, "os-allow_access.access_to", "300.0.0.1");
    }

    [Test]
    public async Task AllowAccess_MetadataBefore2_45_400()
    {
        using var old = _host.Client(version: "2.44");

        var response = await old.AllowAsync(_nfs, "ip", "10.0.0.9", metadata: new { k = "v" });

        Fault.AssertIs(response, HttpStatusCode.BadRequest, "allow_access.metadata", "2.45");
        await AssertNothingQueuedAsync(_nfs);
    }

    [Test]
    public async Task AllowAccess_MetadataKeyTooLong_400()
    {
        var response = await _admin.AllowAsync(_nfs, "ip", "10.0.0.9", metadata: new Dictionary<string, string> { [new string('k', 256)] = "v" });

        Fault.AssertIs(response, HttpStatusCode.BadRequest, "allow_access.metadata", "1 to 255");
        await AssertNothingQueuedAsync(_nfs);
    }

    [Test]
    public async Task AllowAccess_UnknownField_400()
    {
        var response = await _admin.ActionAsync(_nfs, new { allow_access = new { access_type = "ip", access_to = "10.0.0.9", acces_level = "ro" } });

        Fault.AssertIs(response, HttpStatusCode.BadRequest, "acces_level");
        await AssertNothingQueuedAsync(_nfs);
    }

    [TestCase("null")]
    [TestCase("\"ip\"")]
    [TestCase("[]")]
    [TestCase("{\"access_type\": 4, \"access_to\": \"10.0.0.1\"}")]
    public async Task AllowAccess_ValueNotARuleObject_400(string value)
    {
        var response = await _admin.SendAsync(HttpMethod.Post, $"/v2/shares/{_nfs}/action", rawBody: $"{{\"allow_access\": {value}}}");

        Fault.AssertIs(response, HttpStatusCode.BadRequest, "allow_access");
    }

    [Test]
    public async Task AllowAccess_Duplicate_400ShareAccessExists()
    {
        var share = await _admin.AvailableShareAsync();
        await _admin.AllowOkAsync(share, "ip", "10.1.0.0/24");

        var response = await _admin.AllowAsync(share, "ip", "10.1.0.0/24", "ro");

        Fault.AssertIs(response, HttpStatusCode.BadRequest, "Share access ip:10.1.0.0/24 exists.");
        await _host.AccessIdleAsync();
        var rules = await _admin.RulesAsync(share);
        Assert.That(rules.Select(r => r!["access_level"]!.GetValue<string>()), Is.EqualTo(new[] { "rw" }), "the first rule stays, alone");
    }

    [Test]
    public async Task DenyAccess_UnknownRule_404()
    {
        var response = await _admin.ActionAsync(_nfs, new { deny_access = new { access_id = Guid.NewGuid().ToString() } });

        Fault.AssertIs(response, HttpStatusCode.NotFound, "Access rule", "not found");
    }

    [Test]
    public async Task DenyAccess_RuleOfAnotherShare_404()
    {
        var other = await _admin.AvailableShareAsync();
        var accessId = await _admin.AllowOkAsync(other, "ip", "10.3.3.3");

        var response = await _admin.DenyAsync(_nfs, accessId);

        Fault.AssertIs(response, HttpStatusCode.NotFound, accessId);
        Assert.That((await _admin.GetAsync($"/v2/share-access-rules/{accessId}")).Json["access"]!["state"]!.GetValue<string>(),
            Is.Not.EqualTo("queued_to_deny"));
    }

    [TestCase("{}", "deny_access.access_id")]
    [TestCase("{\"access_id\": \"\"}", "deny_access.access_id")]
    [TestCase("{\"access\": \"x\"}", "access")]
    public async Task DenyAccess_BadBody_400(string value, string field)
    {
        var response = await _admin.SendAsync(HttpMethod.Post, $"/v2/shares/{_nfs}/action", rawBody: $"{{\"deny_access\": {value}}}");

        Fault.AssertIs(response, HttpStatusCode.BadRequest, field);
    }

    [TestCase("creating")]
    [TestCase("error")]
    [TestCase("deleting")]
    public async Task AllowAccess_ShareNotAvailable_400InvalidShare(string status)
    {
        var share = await _admin.AvailableShareAsync();
        var keep = await _admin.AllowOkAsync(share, "ip", "10.5.5.5");
        await _admin.WaitForRuleAsync(keep, "active");
        await _admin.ActionAsync(share, new { reset_status = new { status } });

        var allow = await _admin.AllowAsync(share, "ip", "10.5.5.6");
        var deny = await _admin.DenyAsync(share, keep);

        Fault.AssertIs(allow, HttpStatusCode.BadRequest, "Invalid share", "New access rules cannot be applied", status);
        Fault.AssertIs(deny, HttpStatusCode.BadRequest, "Invalid share", "cannot be denied", status);
        var rules = await _admin.RulesAsync(share);
        Assert.That(rules.Select(r => (r!["id"]!.GetValue<string>(), r["state"]!.GetValue<string>())), Is.EqualTo(new[] { (keep, "active") }));
    }

    [Test]
    public async Task AllowAccess_ShareOfAFailedCreate_400InvalidShare()
    {
        _host.FailEveryCall("CreateShare");
        try
        {
            var share = await _admin.CreateShareAsync();
            await _admin.WaitForShareAsync(share, "error");

            var response = await _admin.AllowAsync(share, "ip", "10.0.0.1");

            Fault.AssertIs(response, HttpStatusCode.BadRequest, "Invalid share");
            await AssertNothingQueuedAsync(share);
        }
        finally
        {
            _host.SetDummyOption("Faults:CreateShare:FailEveryNth", null);
        }
    }

    [TestCase("/v2/share-access-rules")]
    [TestCase("/v2/share-access-rules?share_id=")]
    public async Task ListAccessRules_WithoutShareId_400(string url)
    {
        var response = await _admin.GetAsync(url);

        Fault.AssertIs(response, HttpStatusCode.BadRequest, "share_id");
    }

    [Test]
    public async Task ListAccessRules_UnknownShare_404()
    {
        var response = await _admin.GetAsync($"/v2/share-access-rules?share_id={Guid.NewGuid()}");

        Fault.AssertIs(response, HttpStatusCode.NotFound);
    }

    [Test]
    public async Task ListAccessRules_MalformedMetadataFilter_400()
    {
        var response = await _admin.GetAsync($"/v2/share-access-rules?share_id={_nfs}&metadata=k:v");

        Fault.AssertIs(response, HttpStatusCode.BadRequest, "metadata");
    }

    [TestCase("2.44", "/v2/share-access-rules?share_id=x")]
    [TestCase("2.44", "/v2/share-access-rules/x")]
    public async Task ShareAccessRules_Before2_45_404(string version, string url)
    {
        using var old = _host.Client(version: version);

        var response = await old.GetAsync(url);

        Fault.AssertIs(response, HttpStatusCode.NotFound);
    }

    [Test]
    public async Task AccessList_From2_45_404AsAnUnimplementedAction()
    {
        var response = await _admin.ActionAsync(_nfs, new { access_list = (object?)null });

        Fault.AssertIs(response, HttpStatusCode.NotFound);
    }

    private async Task AssertNothingQueuedAsync(string shareId)
    {
        await _host.AccessIdleAsync();
        Assert.That(await _admin.RulesAsync(shareId), Is.Empty, "a refused request must not leave a rule behind");
        Assert.That((await _admin.ShowAsync(shareId))["access_rules_status"]!.GetValue<string>(), Is.EqualTo("active"));
    }
}
