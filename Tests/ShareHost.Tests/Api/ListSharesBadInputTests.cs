using System.Net;
using ShareHost.Tests.Infrastructure;

namespace ShareHost.Tests.Api;

/// <summary>Bad share-list parameters answer 400 naming the parameter and the reason (issue 2 "Bad input", manila-zed §2.4).</summary>
public sealed class ListSharesBadInputTests
{
    private TestHost _host = null!;
    private ApiClient _admin = null!;
    private ApiClient _demo = null!;

    [OneTimeSetUp]
    public void SetUp()
    {
        _host = new TestHost();
        _admin = _host.Client();
        _demo = _host.Client(TestHost.DemoToken);
    }

    [OneTimeTearDown]
    public void TearDown()
    {
        _admin.Dispose();
        _demo.Dispose();
        _host.Dispose();
    }

    [TestCase("limit=-1", "limit")]
    [TestCase("limit=abc", "limit")]
    [TestCase("limit=1.5", "limit")]
    [TestCase("limit=", "limit")]
    [TestCase("limit=99999999999", "limit")]
    [TestCase("offset=-3", "offset")]
    [TestCase("offset=abc", "offset")]
    [TestCase("limit=5&offset=-1", "offset")]
    [TestCase("sort_key=bogus", "sort_key", "bogus")]
    [TestCase("sort_key=", "sort_key")]
    [TestCase("sort_key=share_server_id;DROP", "sort_key")]
    [TestCase("sort_dir=sideways", "sort_dir", "sideways")]
    [TestCase("sort_dir=", "sort_dir")]
    [TestCase("is_public=maybe", "is_public", "maybe")]
    [TestCase("metadata=notadict", "metadata")]
    [TestCase("metadata=[1,2]", "metadata")]
    [TestCase("metadata={'k':", "metadata")]
    [TestCase("extra_specs=notadict", "extra_specs")]
    [TestCase("with_count=maybe", "with_count")]
    [TestCase("all_tenants=maybe", "all_tenants")]
    [TestCase("is_soft_deleted=perhaps", "is_soft_deleted")]
    public async Task ListShares_BadParameter_Answers400NamingIt(string query, params string[] mentions)
    {
        foreach (var path in new[] { "/v2/shares", "/v2/shares/detail" })
        {
            var response = await _admin.GetAsync($"{path}?{query}");

            Fault.AssertIs(response, HttpStatusCode.BadRequest, mentions);
        }
    }

    [TestCase("is_public=maybe", "is_public")]
    [TestCase("limit=-1", "limit")]
    [TestCase("sort_key=bogus", "sort_key")]
    public async Task ListShares_BadParameterFromAMember_Answers400NamingIt(string query, string mention)
    {
        var response = await _demo.GetAsync($"/v2/shares/detail?{query}");

        Fault.AssertIs(response, HttpStatusCode.BadRequest, mention);
    }

    [TestCase("limit=0")]
    [TestCase("offset=0")]
    [TestCase("sort_dir=ASC")]
    [TestCase("sort_key=display_name")]
    [TestCase("is_public=True")]
    [TestCase("is_public=0")]
    [TestCase("all_tenants=1")]
    [TestCase("all_tenants=")]
    [TestCase("with_count=true")]
    [TestCase("metadata=")]
    [TestCase("metadata={}")]
    [TestCase("metadata={\"k\": \"v\"}")]
    [TestCase("unknown_filter=whatever")]
    [TestCase("is_soft_deleted=True")]
    public async Task ListShares_AcceptableParameter_Answers200(string query)
    {
        var response = await _admin.GetAsync($"/v2/shares/detail?{query}");

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.OK), response.Body);
    }

    [Test]
    public async Task ListShares_AsTheStockClientResolvesNames_Answers200()
    {
        var first = await _demo.GetAsync("/v2/shares/detail?all_tenants=1&is_public=True");
        var second = await _demo.GetAsync("/v2/shares/detail?all_tenants=1&is_public=True&is_soft_deleted=True");

        Assert.That(first.Status, Is.EqualTo(HttpStatusCode.OK), first.Body);
        Assert.That(second.Status, Is.EqualTo(HttpStatusCode.OK), second.Body);
    }
}
