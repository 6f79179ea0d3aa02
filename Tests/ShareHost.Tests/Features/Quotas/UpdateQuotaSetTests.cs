using System.Net;
using ShareHost.Tests.Infrastructure;

namespace ShareHost.Tests.Features.Quotas;

public sealed class UpdateQuotaSetTests
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
    public async Task UpdateQuotaSet_Admin_StoresTheLimitAndAnswers200()
    {
        var response = await _admin.PutAsync("/v2/quota-sets/demoproject", new { quota_set = new { shares = 7, gigabytes = "70" } });
        var shown = await _demo.GetAsync("/v2/quota-sets/demoproject");

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.OK), response.Body);
        Assert.Multiple(() =>
        {
            Assert.That(response.Json["quota_set"]!["shares"]!.GetValue<int>(), Is.EqualTo(7));
            Assert.That(shown.Json["quota_set"]!["shares"]!.GetValue<int>(), Is.EqualTo(7));
            Assert.That(shown.Json["quota_set"]!["gigabytes"]!.GetValue<int>(), Is.EqualTo(70));
            Assert.That(shown.Json["quota_set"]!["snapshots"]!.GetValue<int>(), Is.EqualTo(50));
        });
    }

    [Test]
    public async Task UpdateQuotaSet_ManilaClientBody_IgnoresTenantIdAndForce()
    {
        var response = await _admin.PutAsync("/v2/quota-sets/demoproject",
            new { quota_set = new { tenant_id = "demoproject", shares = 9, force = false } });

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.OK), response.Body);
        Assert.That(response.Json["quota_set"]!["shares"]!.GetValue<int>(), Is.EqualTo(9));
    }

    [Test]
    public async Task UpdateQuotaSet_Member_Answers403()
    {
        var response = await _demo.PutAsync("/v2/quota-sets/demoproject", new { quota_set = new { shares = 100 } });

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That((await _demo.GetAsync("/v2/quota-sets/demoproject")).Json["quota_set"]!["shares"]!.GetValue<int>(), Is.EqualTo(50));
    }

    [TestCase("{\"quota_set\": {\"shares\": \"many\"}}", "quota_set.shares")]
    [TestCase("{\"quota_set\": {\"gigabytes\": 1.5}}", "quota_set.gigabytes")]
    [TestCase("{\"quota_set\": {\"shares\": -2}}", "quota_set.shares")]
    [TestCase("{\"quota_set\": {\"snapshot_gigabytes\": 99999999999}}", "quota_set.snapshot_gigabytes")]
    [TestCase("{\"quota_set\": {\"bananas\": 1}}", "quota_set.bananas")]
    [TestCase("{\"quota_set\": {\"force\": \"maybe\"}}", "quota_set.force")]
    [TestCase("{\"quotas\": {\"shares\": 1}}", "quotas")]
    [TestCase("{}", "quota_set")]
    public async Task UpdateQuotaSet_BadBody_Answers400NamingTheField(string body, string field)
    {
        var response = await _admin.SendAsync(HttpMethod.Put, "/v2/quota-sets/demoproject", rawBody: body);

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.BadRequest), response.Body);
        Assert.That(response.ErrorMessage, Does.Contain(field));
    }

    [TestCase("2.39", "share_groups")]
    [TestCase("2.52", "share_replicas")]
    [TestCase("2.61", "per_share_gigabytes")]
    public async Task UpdateQuotaSet_ResourceNewerThanMicroversion_Answers400(string version, string resource)
    {
        _admin.Version = version;

        var response = await _admin.SendAsync(HttpMethod.Put, "/v2/quota-sets/demoproject", rawBody: $"{{\"quota_set\": {{\"{resource}\": 5}}}}");

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.BadRequest), response.Body);
        Assert.That(response.ErrorMessage, Does.Contain($"quota_set.{resource}"));
    }

    [Test]
    public async Task UpdateQuotaSet_BelowUsageWithoutForce_Answers400AndKeepsTheLimit()
    {
        await _demo.CreateShareAsync(size: 5);

        var response = await _admin.PutAsync("/v2/quota-sets/demoproject", new { quota_set = new { gigabytes = 4 } });

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.BadRequest), response.Body);
        Assert.That(response.ErrorMessage, Does.Contain("quota_set.gigabytes").And.Contain("force"));
        Assert.That((await _admin.GetAsync("/v2/quota-sets/demoproject")).Json["quota_set"]!["gigabytes"]!.GetValue<int>(), Is.EqualTo(1000));
    }

    [Test]
    public async Task UpdateQuotaSet_BelowUsageWithForce_StoresTheLimit()
    {
        await _demo.CreateShareAsync(size: 5);

        var response = await _admin.PutAsync("/v2/quota-sets/demoproject", new { quota_set = new { gigabytes = 4, force = true } });

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.OK), response.Body);
        Assert.That(response.Json["quota_set"]!["gigabytes"]!.GetValue<int>(), Is.EqualTo(4));
    }

    [Test]
    public async Task UpdateQuotaSet_UnlimitedBelowUsage_IsAccepted()
    {
        await _demo.CreateShareAsync(size: 5);

        var response = await _admin.PutAsync("/v2/quota-sets/demoproject", new { quota_set = new { gigabytes = -1 } });

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.OK), response.Body);
        Assert.That(response.Json["quota_set"]!["gigabytes"]!.GetValue<int>(), Is.EqualTo(-1));
    }

    [Test]
    public async Task UpdateQuotaSet_SharesLoweredTo1_SecondCreateAnswers413()
    {
        await _admin.PutAsync("/v2/quota-sets/demoproject", new { quota_set = new { shares = 1 } });
        await _demo.CreateShareAsync();

        var second = await _demo.PostAsync("/v2/shares", new { share = new { size = 1, share_proto = "NFS" } });

        Assert.That(second.Status, Is.EqualTo(HttpStatusCode.RequestEntityTooLarge), second.Body);
        Assert.That(second.FaultName, Is.EqualTo("overLimit"));
        using var other = _host.Client(TestHost.OtherToken);
        Assert.That((await other.PostAsync("/v2/shares", new { share = new { size = 1, share_proto = "NFS" } })).Status,
            Is.EqualTo(HttpStatusCode.OK), "another project keeps its own quota");
    }

    [Test]
    public async Task DeleteQuotaSet_Admin_Answers202AndRestoresDefaults()
    {
        await _admin.PutAsync("/v2/quota-sets/demoproject", new { quota_set = new { shares = 3, gigabytes = 30 } });

        var response = await _admin.DeleteAsync("/v2/quota-sets/demoproject");
        var shown = (await _admin.GetAsync("/v2/quota-sets/demoproject")).Json["quota_set"]!;

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.Accepted));
        Assert.That(shown["shares"]!.GetValue<int>(), Is.EqualTo(50));
        Assert.That(shown["gigabytes"]!.GetValue<int>(), Is.EqualTo(1000));
    }

    [Test]
    public async Task DeleteQuotaSet_Member_Answers403()
    {
        var response = await _demo.DeleteAsync("/v2/quota-sets/demoproject");

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.Forbidden));
    }
}
