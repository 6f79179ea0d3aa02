using System.Net;
using ShareHost.Tests.Infrastructure;

namespace ShareHost.Tests.Features.Quotas;

public sealed class ShowQuotaSetTests
{
    private TestHost _host = null!;
    private ApiClient _admin = null!;
    private ApiClient _demo = null!;

    [SetUp]
    public void SetUp()
    {
        _host = new TestHost();
        _admin = _host.Client();
        _demo = _host.Client(TestHost.DemoToken);
    }

    [TearDown]
    public void TearDown()
    {
        _admin.Dispose();
        _demo.Dispose();
        _host.Dispose();
    }

    [Test]
    public async Task ShowQuotaSet_AdminAnyProject_AnswersDefaultsWithProjectId()
    {
        var response = await _admin.GetAsync("/v2/quota-sets/someproject");

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.OK), response.Body);
        var set = response.Json["quota_set"]!;
        Assert.Multiple(() =>
        {
            Assert.That(set["id"]!.GetValue<string>(), Is.EqualTo("someproject"));
            Assert.That(set["shares"]!.GetValue<int>(), Is.EqualTo(50));
            Assert.That(set["gigabytes"]!.GetValue<int>(), Is.EqualTo(1000));
            Assert.That(set["snapshots"]!.GetValue<int>(), Is.EqualTo(50));
            Assert.That(set["share_networks"]!.GetValue<int>(), Is.EqualTo(10));
            Assert.That(set["per_share_gigabytes"]!.GetValue<int>(), Is.EqualTo(-1));
        });
    }

    [Test]
    public async Task ShowQuotaSet_MemberOwnProject_Answers200()
    {
        var response = await _demo.GetAsync("/v2/quota-sets/demoproject");

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.OK), response.Body);
        Assert.That(response.Json["quota_set"]!["id"]!.GetValue<string>(), Is.EqualTo("demoproject"));
    }

    [Test]
    public async Task ShowQuotaSet_MemberOtherProject_Answers403()
    {
        var response = await _demo.GetAsync("/v2/quota-sets/otherproject");

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.Forbidden), response.Body);
        Assert.That(response.FaultName, Is.EqualTo("forbidden"));
    }

    [TestCase("2.39", false, false, false)]
    [TestCase("2.40", true, false, false)]
    [TestCase("2.53", true, true, false)]
    [TestCase("2.62", true, true, true)]
    public async Task ShowQuotaSet_Microversion_GatesKeys(string version, bool groups, bool replicas, bool perShare)
    {
        _admin.Version = version;

        var set = (await _admin.GetAsync("/v2/quota-sets/demoproject")).Json["quota_set"]!.AsObject();

        Assert.Multiple(() =>
        {
            Assert.That(set.ContainsKey("share_groups"), Is.EqualTo(groups));
            Assert.That(set.ContainsKey("share_group_snapshots"), Is.EqualTo(groups));
            Assert.That(set.ContainsKey("share_replicas"), Is.EqualTo(replicas));
            Assert.That(set.ContainsKey("replica_gigabytes"), Is.EqualTo(replicas));
            Assert.That(set.ContainsKey("per_share_gigabytes"), Is.EqualTo(perShare));
            Assert.That(set.ContainsKey("shares"), Is.True);
        });
    }

    [Test]
    public async Task QuotaSets_Before2_7_AnswerOnlyOnTheLegacyPath()
    {
        _admin.Version = "2.6";

        var current = await _admin.GetAsync("/v2/quota-sets/demoproject");
        var legacy = await _admin.GetAsync("/v2/os-quota-sets/demoproject");

        Assert.That(current.Status, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(legacy.Status, Is.EqualTo(HttpStatusCode.OK), legacy.Body);
        Assert.That(legacy.Json["quota_set"]!["shares"]!.GetValue<int>(), Is.EqualTo(50));
    }

    [Test]
    public async Task LegacyQuotaSets_From2_7_Answer404()
    {
        var response = await _admin.GetAsync("/v2/os-quota-sets/demoproject");

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task ShowQuotaSetDetail_AfterCreates_ShowsLimitInUseAndReserved()
    {
        await _demo.CreateShareAsync(size: 2);
        await _demo.CreateShareAsync(size: 3);

        var response = await _demo.GetAsync("/v2/quota-sets/demoproject/detail");

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.OK), response.Body);
        var set = response.Json["quota_set"]!;
        Assert.Multiple(() =>
        {
            Assert.That(set["shares"]!["limit"]!.GetValue<int>(), Is.EqualTo(50));
            Assert.That(set["shares"]!["in_use"]!.GetValue<int>(), Is.EqualTo(2));
            Assert.That(set["shares"]!["reserved"]!.GetValue<int>(), Is.Zero);
            Assert.That(set["gigabytes"]!["in_use"]!.GetValue<int>(), Is.EqualTo(5));
            Assert.That(set["snapshots"]!["in_use"]!.GetValue<int>(), Is.Zero);
            Assert.That(set["id"]!.GetValue<string>(), Is.EqualTo("demoproject"));
        });
    }

    [Test]
    public async Task ShowQuotaSetDetail_Before2_25_Answers404()
    {
        _admin.Version = "2.24";

        var response = await _admin.GetAsync("/v2/quota-sets/demoproject/detail");

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task ShowQuotaSet_PerUserQuery_Answers400NamingTheParameter()
    {
        var response = await _admin.GetAsync("/v2/quota-sets/demoproject?user_id=demo");

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(response.ErrorMessage, Does.Contain("user_id"));
    }

    [Test]
    public async Task ShowQuotaSet_ProjectScopedUrl_Answers200()
    {
        var response = await _admin.GetAsync("/v2/adminproject/quota-sets/demoproject");

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.OK), response.Body);
    }

    [Test]
    public async Task ShowQuotaSetDefaults_AfterAnOverride_StillShowsTheDefaults()
    {
        await _admin.PutAsync("/v2/quota-sets/demoproject", new { quota_set = new { shares = 3 } });

        var response = await _demo.GetAsync("/v2/quota-sets/demoproject/defaults");

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.OK), response.Body);
        Assert.That(response.Json["quota_set"]!["shares"]!.GetValue<int>(), Is.EqualTo(50));
        Assert.That(response.Json["quota_set"]!["id"]!.GetValue<string>(), Is.EqualTo("demoproject"));
    }

    [Test]
    public async Task QuotaSets_ConfiguredDefaults_AreUsed()
    {
        using var host = new TestHost(settings: new Dictionary<string, string?> { ["Quotas:Defaults:shares"] = "12" });
        using var admin = host.Client();

        var response = await admin.GetAsync("/v2/quota-sets/demoproject/defaults");

        Assert.That(response.Json["quota_set"]!["shares"]!.GetValue<int>(), Is.EqualTo(12));
    }
}
