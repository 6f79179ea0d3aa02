using System.Net;
using ShareHost.Tests.Api;
using ShareHost.Tests.Features.Shares;
using ShareHost.Tests.Infrastructure;

namespace ShareHost.Tests.Features.AccessRules;

/// <summary>
/// Projects see only their own rules: another project's private share and its rules do not exist for them (404);
/// readers may look but not change; another project's public share may be seen but its rules not touched (403).
/// </summary>
public sealed class AccessRuleIsolationTests
{
    private TestHost _host = null!;
    private ApiClient _demo = null!;
    private ApiClient _other = null!;
    private ApiClient _reader = null!;
    private string _shareId = null!;
    private string _accessId = null!;

    [OneTimeSetUp]
    public async Task OneTimeSetUp()
    {
        _host = new TestHost();
        _demo = _host.Client(TestHost.DemoToken);
        _other = _host.Client(TestHost.OtherToken);
        _reader = _host.Client(TestHost.ReaderToken);
        _shareId = await _demo.AvailableShareAsync();
        _accessId = await _demo.AllowOkAsync(_shareId, "ip", "10.0.0.1");
        await _demo.WaitForRuleAsync(_accessId, "active");
    }

    [OneTimeTearDown]
    public void OneTimeTearDown()
    {
        _demo.Dispose();
        _other.Dispose();
        _reader.Dispose();
        _host.Dispose();
    }

    [Test]
    public async Task OtherProject_GetRule_404()
    {
        var response = await _other.GetAsync($"/v2/share-access-rules/{_accessId}");

        Fault.AssertIs(response, HttpStatusCode.NotFound, _accessId);
        Assert.That(response.Body, Does.Not.Contain(_shareId), "the answer must not leak the share's id");
    }

    [Test]
    public async Task OtherProject_ListRules_404()
    {
        var response = await _other.GetAsync($"/v2/share-access-rules?share_id={_shareId}");

        Fault.AssertIs(response, HttpStatusCode.NotFound);
    }

    [Test]
    public async Task OtherProject_AllowDenyAndLegacyList_404()
    {
        using var old = _host.Client(TestHost.OtherToken, "2.44");

        var allow = await _other.AllowAsync(_shareId, "ip", "10.9.0.1");
        var deny = await _other.DenyAsync(_shareId, _accessId);
        var list = await old.ActionAsync(_shareId, new { access_list = (object?)null });

        Fault.AssertIs(allow, HttpStatusCode.NotFound);
        Fault.AssertIs(deny, HttpStatusCode.NotFound);
        Fault.AssertIs(list, HttpStatusCode.NotFound);
        Assert.That(await _demo.RulesAsync(_shareId), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task OtherProject_Metadata_404()
    {
        var set = await _other.PutAsync($"/v2/share-access-rules/{_accessId}/metadata", new { metadata = new { k = "v" } });
        var unset = await _other.DeleteAsync($"/v2/share-access-rules/{_accessId}/metadata/k");

        Fault.AssertIs(set, HttpStatusCode.NotFound);
        Fault.AssertIs(unset, HttpStatusCode.NotFound);
    }

    [Test]
    public async Task OtherProject_BulkChange_404()
    {
        var response = await _other.PostAsync($"/v2/sharehost/shares/{_shareId}/access-rules", new { remove = new[] { _accessId } });

        Fault.AssertIs(response, HttpStatusCode.NotFound);
    }

    [Test]
    public async Task Reader_ListsAndShows_ButCannotAllowDenyOrSetMetadata()
    {
        var list = await _reader.GetAsync($"/v2/share-access-rules?share_id={_shareId}");
        var show = await _reader.GetAsync($"/v2/share-access-rules/{_accessId}");
        var allow = await _reader.AllowAsync(_shareId, "ip", "10.9.0.2");
        var deny = await _reader.DenyAsync(_shareId, _accessId);
        var metadata = await _reader.PutAsync($"/v2/share-access-rules/{_accessId}/metadata", new { metadata = new { k = "v" } });

        Assert.That(list.Status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(show.Status, Is.EqualTo(HttpStatusCode.OK));
        Fault.AssertIs(allow, HttpStatusCode.Forbidden, "share:allow_access");
        Fault.AssertIs(deny, HttpStatusCode.Forbidden, "share:deny_access");
        Fault.AssertIs(metadata, HttpStatusCode.Forbidden);
    }

    [Test]
    public async Task OtherProject_PublicShare_SeesTheShareButNotItsRules()
    {
        using var admin = _host.Client();
        var shareId = await _demo.AvailableShareAsync();
        var accessId = await _demo.AllowOkAsync(shareId, "ip", "10.0.0.2");
        await admin.PutAsync($"/v2/shares/{shareId}", new { share = new { is_public = true } });

        var share = await _other.GetAsync($"/v2/shares/{shareId}");
        var list = await _other.GetAsync($"/v2/share-access-rules?share_id={shareId}");
        var allow = await _other.AllowAsync(shareId, "ip", "10.9.0.3");
        var deny = await _other.DenyAsync(shareId, accessId);

        Assert.That(share.Status, Is.EqualTo(HttpStatusCode.OK));
        Fault.AssertIs(list, HttpStatusCode.Forbidden);
        Fault.AssertIs(allow, HttpStatusCode.Forbidden);
        Fault.AssertIs(deny, HttpStatusCode.Forbidden);
    }

    [Test]
    public async Task Admin_OtherProjectsRules_SeesAndChangesThem()
    {
        using var admin = _host.Client();

        var shareId = await _demo.AvailableShareAsync();
        var accessId = await _demo.AllowOkAsync(shareId, "ip", "10.0.0.3");

        var show = await admin.GetAsync($"/v2/share-access-rules/{accessId}");
        var allow = await admin.AllowAsync(shareId, "ip", "10.0.0.99");

        Assert.That(show.Status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(allow.Status, Is.EqualTo(HttpStatusCode.OK), allow.Body);
        Assert.That(await _demo.RulesAsync(shareId), Has.Count.EqualTo(2), "the owner sees the rule the admin added");
    }
}
