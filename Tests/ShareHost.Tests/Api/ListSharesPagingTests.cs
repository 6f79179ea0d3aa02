using System.Net;
using System.Text.Json.Nodes;
using ShareHost.Tests.Infrastructure;

namespace ShareHost.Tests.Api;

/// <summary>Pagination, sorting and filters of the share list (manila-zed §2.4).</summary>
public sealed class ListSharesPagingTests
{
    private static readonly string[] Names = ["p-a", "p-b", "p-c", "p-d", "p-e", "p-f"];

    private TestHost _host = null!;
    private ApiClient _admin = null!;
    private ApiClient _demo = null!;
    private readonly List<string> _created = [];
    private string _inZone2 = null!;

    [OneTimeSetUp]
    public async Task SetUp()
    {
        _host = new TestHost();
        _admin = _host.Client();
        _demo = _host.Client(TestHost.DemoToken);

        // Sizes run against the names so that name and size orders differ: p-a is 6 GiB, p-f is 1 GiB.
        for (var i = 0; i < Names.Length; i++)
        {
            var share = new Dictionary<string, object?>
            {
                ["size"] = Names.Length - i,
                ["share_proto"] = "NFS",
                ["name"] = Names[i],
                ["description"] = i % 2 == 0 ? "even one" : "odd one",
                ["metadata"] = i < 2 ? new Dictionary<string, string> { ["tier"] = "gold" } : new Dictionary<string, string> { ["tier"] = "bronze" },
                ["availability_zone"] = "az1",
            };
            var response = await _demo.PostAsync("/v2/shares", new { share });
            Assert.That(response.Status, Is.EqualTo(HttpStatusCode.OK), response.Body);
            _created.Add(response.Json["share"]!["id"]!.GetValue<string>());
        }

        _inZone2 = await _admin.CreateShareAsync(zone: "az2", name: "admin-az2");
        await _admin.CreateShareAsync(zone: "az1", name: "admin-az1");
        await _host.IdleAsync();
    }

    [OneTimeTearDown]
    public void TearDown()
    {
        _admin.Dispose();
        _demo.Dispose();
        _host.Dispose();
    }

    [SetUp]
    public void ResetVersion() => _demo.Version = "2.72";

    [Test]
    public async Task ListShares_Default_IsNewestFirst()
    {
        var names = await NamesAsync("/v2/shares");

        Assert.That(names, Is.EqualTo(Names.Reverse()));
    }

    [Test]
    public async Task ListShares_OffsetWithoutLimit_IsIgnored()
    {
        var names = await NamesAsync("/v2/shares?offset=2");

        Assert.That(names, Has.Count.EqualTo(Names.Length));
    }

    [Test]
    public async Task ListShares_LimitAndOffset_ReturnThatWindow()
    {
        var names = await NamesAsync("/v2/shares?sort_key=name&sort_dir=asc&limit=2&offset=3");

        Assert.That(names, Is.EqualTo(new[] { "p-d", "p-e" }));
    }

    [TestCase("/v2/shares")]
    [TestCase("/v2/shares/detail")]
    [TestCase("/v2/demoproject/shares/detail")]
    public async Task ListShares_FollowingNextLinks_WalksEveryShareOnceInOrder(string path)
    {
        var seen = new List<string>();
        var next = $"{path}?sort_key=name&sort_dir=asc&limit=4";
        var pages = 0;
        while (next is not null && pages++ < 10)
        {
            var response = await _demo.GetAsync(next);
            Assert.That(response.Status, Is.EqualTo(HttpStatusCode.OK), response.Body);
            var page = response.Json["shares"]!.AsArray();
            seen.AddRange(page.Select(s => s!["name"]!.GetValue<string>()));
            var link = response.Json["shares_links"]?.AsArray().Single(l => l!["rel"]!.GetValue<string>() == "next")!["href"]!.GetValue<string>();
            Assert.That(link is null, Is.EqualTo(page.Count < 4), "a next link exactly when the page is full");
            if (link is not null)
            {
                var uri = new Uri(link);
                Assert.That(uri.AbsolutePath, Is.EqualTo(path), "the link stays on the same collection and URL form");
                next = uri.PathAndQuery;
            }
            else
            {
                next = null;
            }
        }

        Assert.That(seen, Is.EqualTo(Names));
    }

    [Test]
    public async Task ListShares_PageNotFull_HasNoNextLink()
    {
        var response = await _demo.GetAsync("/v2/shares?limit=100");

        Assert.That(response.Json["shares_links"], Is.Null);
    }

    [Test]
    public async Task ListShares_NextLinkKeepsFilters()
    {
        var response = await _demo.GetAsync("/v2/shares?description=odd%20one&limit=1");

        var link = response.Json["shares_links"]![0]!["href"]!.GetValue<string>();
        Assert.That(Uri.UnescapeDataString(link), Does.Contain("description=odd one").And.Contain("limit=1").And.Contain("offset=1"));
    }

    [Test]
    public async Task ListShares_WithCount_CountsBeforeThePage()
    {
        var response = await _demo.GetAsync("/v2/shares?with_count=true&limit=2");

        Assert.That(response.Json["count"]!.GetValue<int>(), Is.EqualTo(Names.Length));
        Assert.That(response.Json["shares"]!.AsArray(), Has.Count.EqualTo(2));
    }

    [Test]
    public async Task ListShares_WithCountBefore2_42_HasNoCount()
    {
        _demo.Version = "2.41";

        var response = await _demo.GetAsync("/v2/shares?with_count=true");

        Assert.That(response.Json["count"], Is.Null);
    }

    [Test]
    public async Task ListShares_WithCountAndFilter_CountsMatches()
    {
        var response = await _demo.GetAsync("/v2/shares?with_count=true&metadata={'tier':'gold'}");

        Assert.That(response.Json["count"]!.GetValue<int>(), Is.EqualTo(2));
    }

    [TestCase("name", "asc", new[] { "p-a", "p-b", "p-c", "p-d", "p-e", "p-f" })]
    [TestCase("name", "desc", new[] { "p-f", "p-e", "p-d", "p-c", "p-b", "p-a" })]
    [TestCase("display_name", "asc", new[] { "p-a", "p-b", "p-c", "p-d", "p-e", "p-f" })]
    [TestCase("size", "asc", new[] { "p-f", "p-e", "p-d", "p-c", "p-b", "p-a" })]
    [TestCase("size", "desc", new[] { "p-a", "p-b", "p-c", "p-d", "p-e", "p-f" })]
    [TestCase("created_at", "asc", new[] { "p-a", "p-b", "p-c", "p-d", "p-e", "p-f" })]
    [TestCase("created_at", "desc", new[] { "p-f", "p-e", "p-d", "p-c", "p-b", "p-a" })]
    public async Task ListShares_SortKeyAndDirection_OrderAsAsked(string key, string direction, string[] expected)
    {
        var names = await NamesAsync($"/v2/shares/detail?sort_key={key}&sort_dir={direction}");

        Assert.That(names, Is.EqualTo(expected));
    }

    [Test]
    public async Task ListShares_ByName_IsExact()
    {
        var names = await NamesAsync("/v2/shares?name=p-c");
        var prefix = await NamesAsync("/v2/shares?name=p-");

        Assert.That(names, Is.EqualTo(new[] { "p-c" }));
        Assert.That(prefix, Is.Empty);
    }

    [Test]
    public async Task ListShares_ByStatus_MatchesTheInstanceStatus()
    {
        var available = await NamesAsync("/v2/shares/detail?status=available");
        var error = await NamesAsync("/v2/shares/detail?status=error");

        Assert.That(available, Has.Count.EqualTo(Names.Length));
        Assert.That(error, Is.Empty);
    }

    [TestCase("{'tier': 'gold'}", new[] { "p-a", "p-b" })]
    [TestCase("{\"tier\": \"bronze\"}", new[] { "p-c", "p-d", "p-e", "p-f" })]
    [TestCase("{'tier': 'silver'}", new string[0])]
    [TestCase("{'colour': 'gold'}", new string[0])]
    public async Task ListShares_ByMetadata_MatchesEveryPair(string metadata, string[] expected)
    {
        var names = await NamesAsync($"/v2/shares?sort_key=name&sort_dir=asc&metadata={Uri.EscapeDataString(metadata)}");

        Assert.That(names, Is.EqualTo(expected));
    }

    [TestCase("name~=p-", 6)]
    [TestCase("name~=-c", 1)]
    [TestCase("name~=P-C", 1)]
    [TestCase("name~=%25", 0)]
    [TestCase("name~=_", 0)]
    [TestCase("description~=odd", 3)]
    [TestCase("description=odd%20one", 3)]
    public async Task ListShares_LikeFiltersFrom2_36_MatchSubstrings(string query, int expected)
    {
        var names = await NamesAsync($"/v2/shares?{query}");

        Assert.That(names, Has.Count.EqualTo(expected));
    }

    [Test]
    public async Task ListShares_LikeFilterBefore2_36_IsIgnored()
    {
        _demo.Version = "2.35";

        var names = await NamesAsync("/v2/shares?name~=-c");

        Assert.That(names, Has.Count.EqualTo(Names.Length));
    }

    [Test]
    public async Task ListShares_IsPublic_AddsOtherProjectsPublicShares()
    {
        var created = await _admin.PostAsync("/v2/shares", new { share = new { size = 1, share_proto = "NFS", name = "p-public", is_public = true } });
        var id = created.Json["share"]!["id"]!.GetValue<string>();

        var without = await NamesAsync("/v2/shares");
        var with = await NamesAsync("/v2/shares?is_public=true");
        var explicitlyNot = await NamesAsync("/v2/shares?is_public=false");

        Assert.That(without, Does.Not.Contain("p-public"));
        Assert.That(with, Does.Contain("p-public").And.SupersetOf(Names));
        Assert.That(explicitlyNot, Does.Not.Contain("p-public"));
        await _admin.DeleteAsync($"/v2/shares/{id}");
        await _host.IdleAsync();
    }

    [TestCase("sharehost@dummy2", true)]
    [TestCase("sharehost@dummy2#pool-a", true)]
    [TestCase("sharehost@dummy1", false)]
    [TestCase("sharehost@dummy", false)]
    [TestCase("sharehost@dummy2#pool", false)]
    [TestCase("otherhost@dummy2", false)]
    [TestCase("sharehost", false)]
    public async Task ListShares_AdminByHost_MatchesBackendOrPoolExactly(string host, bool expectAz2Share)
    {
        var response = await _admin.GetAsync($"/v2/shares/detail?all_tenants=1&host={Uri.EscapeDataString(host)}");

        var shares = response.Json["shares"]!.AsArray();
        Assert.That(shares.Any(s => s!["id"]!.GetValue<string>() == _inZone2), Is.EqualTo(expectAz2Share), response.Body);
        Assert.That(shares.Select(s => s!["host"]!.GetValue<string>()),
            Has.All.Matches<string>(h => h == host || h.StartsWith(host + "#", StringComparison.Ordinal)));
    }

    [Test]
    public async Task ListShares_MemberByHost_FilterIsIgnored()
    {
        var names = await NamesAsync("/v2/shares?host=sharehost@dummy2");

        Assert.That(names, Has.Count.EqualTo(Names.Length));
    }

    private async Task<List<string>> NamesAsync(string path)
    {
        var response = await _demo.GetAsync(path);
        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.OK), response.Body);
        return response.Json["shares"]!.AsArray().Select(s => s!["name"]!.GetValue<string>()).ToList();
    }
}
