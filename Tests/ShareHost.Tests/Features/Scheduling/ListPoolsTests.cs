using System.Net;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using ShareHost.Persistence;
using ShareHost.Tests.Infrastructure;

namespace ShareHost.Tests.Features.Scheduling;

public sealed class ListPoolsTests
{
    private TestHost _host = null!;
    private ApiClient _admin = null!;

    // One host for the fixture: tests only read pools or add share types of their own; the one that disables a
    // backend starts its own host.
    [OneTimeSetUp]
    public void OneTimeSetUp()
    {
        _host = new TestHost();
        _admin = _host.Client();
    }

    [SetUp]
    public void SetUp() => _admin.Version = "2.72";

    [OneTimeTearDown]
    public void OneTimeTearDown()
    {
        _admin.Dispose();
        _host.Dispose();
    }

    [Test]
    public async Task ListPools_Admin_ListsEveryPoolWithoutCapabilities()
    {
        var response = await _admin.GetAsync("/v2/scheduler-stats/pools");

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.OK), response.Body);
        var pools = response.Json["pools"]!.AsArray();
        Assert.That(pools.Select(p => p!["name"]!.GetValue<string>()), Is.EqualTo(new[] { "sharehost@dummy1#pool-a", "sharehost@dummy2#pool-a" }));
        Assert.That(pools[0]!.AsObject().Select(p => p.Key), Is.EquivalentTo(new[] { "name", "host", "backend", "pool" }));
        Assert.That(pools[0]!["host"]!.GetValue<string>(), Is.EqualTo("sharehost"));
        Assert.That(pools[0]!["backend"]!.GetValue<string>(), Is.EqualTo("dummy1"));
        Assert.That(pools[0]!["pool"]!.GetValue<string>(), Is.EqualTo("pool-a"));
    }

    [Test]
    public async Task ListPoolsDetail_Admin_IncludesManilasCapabilityKeys()
    {
        var response = await _admin.GetAsync("/v2/scheduler-stats/pools/detail");

        var capabilities = response.Json["pools"]![1]!["capabilities"]!;
        Assert.Multiple(() =>
        {
            Assert.That(capabilities["pool_name"]!.GetValue<string>(), Is.EqualTo("pool-a"));
            Assert.That(capabilities["total_capacity_gb"]!.GetValue<double>(), Is.EqualTo(2000));
            Assert.That(capabilities["share_backend_name"]!.GetValue<string>(), Is.EqualTo("dummy2"));
            Assert.That(capabilities["driver_handles_share_servers"]!.GetValue<bool>(), Is.False);
            Assert.That(capabilities["storage_protocol"]!.GetValue<string>(), Does.Contain("NFS"));
            Assert.That(capabilities["timestamp"], Is.Not.Null);
        });
    }

    [TestCase("/v2/scheduler-stats/pools")]
    [TestCase("/v2/scheduler-stats/pools/detail")]
    public async Task ListPools_Member_Answers403(string path)
    {
        using var demo = _host.Client(TestHost.DemoToken);

        var response = await demo.GetAsync(path);

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.Forbidden));
    }

    [TestCase("backend=dummy1", "dummy1")]
    [TestCase("backend=dummy", "dummy1,dummy2")]
    [TestCase("backend=ummy", "")]
    [TestCase("backend=dummy2|dummy1", "dummy1,dummy2")]
    [TestCase("backend=DUMMY1", "")]
    [TestCase("backend=.*2$", "dummy2")]
    [TestCase("pool=pool-[ab]", "dummy1,dummy2")]
    [TestCase("pool=pool-b", "")]
    [TestCase("host=share", "dummy1,dummy2")]
    [TestCase("host=elsewhere", "")]
    [TestCase("name=sharehost@dummy2", "dummy2")]
    [TestCase("host=sharehost&backend=dummy1&pool=pool-a", "dummy1")]
    [TestCase("backend=", "dummy1,dummy2")]
    public async Task ListPools_RegexFilter_MatchesAtTheStartLikePython(string query, string backends)
    {
        var response = await _admin.GetAsync($"/v2/scheduler-stats/pools?{query.Replace("|", "%7C", StringComparison.Ordinal)}");

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.OK), response.Body);
        Assert.That(string.Join(",", response.Json["pools"]!.AsArray().Select(p => p!["backend"]!.GetValue<string>())), Is.EqualTo(backends));
    }

    [TestCase("backend=dummy(", "backend")]
    [TestCase("pool=[", "pool")]
    [TestCase("host=*", "host")]
    public async Task ListPools_InvalidRegex_Answers400NamingTheParameter(string query, string parameter)
    {
        var response = await _admin.GetAsync($"/v2/scheduler-stats/pools/detail?{Uri.EscapeDataString(query.Split('=')[0])}={Uri.EscapeDataString(query.Split('=')[1])}");

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.BadRequest), response.Body);
        Assert.That(response.ErrorMessage, Does.Contain($"'{parameter}'"));
    }

    [Test]
    public async Task ListPools_ParameterNamingNoPoolField_MatchesNothingAsManila()
    {
        var response = await _admin.GetAsync("/v2/scheduler-stats/pools?zone=az1");

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Json["pools"]!.AsArray(), Is.Empty);
    }

    [Test]
    public async Task ListPools_ShareTypeByNameOrId_KeepsPoolsSatisfyingItsExtraSpecs()
    {
        var typeId = await AddShareTypeAsync("on-dummy2", ("share_backend_name", "dummy2"), ("driver_handles_share_servers", "False"));

        var byName = await _admin.GetAsync("/v2/scheduler-stats/pools?share_type=on-dummy2");
        var byId = await _admin.GetAsync($"/v2/scheduler-stats/pools/detail?share_type={typeId}");
        var everything = await _admin.GetAsync("/v2/scheduler-stats/pools?share_type=default");

        Assert.That(byName.Json["pools"]!.AsArray().Select(p => p!["backend"]!.GetValue<string>()), Is.EqualTo(new[] { "dummy2" }));
        Assert.That(byId.Json["pools"]!.AsArray().Select(p => p!["backend"]!.GetValue<string>()), Is.EqualTo(new[] { "dummy2" }));
        Assert.That(everything.Json["pools"]!.AsArray(), Has.Count.EqualTo(2));
    }

    [Test]
    public async Task ListPools_ShareTypeNoPoolSatisfies_AnswersAnEmptyList()
    {
        await AddShareTypeAsync("needs-replication", ("replication_type", "dr"));

        var response = await _admin.GetAsync("/v2/scheduler-stats/pools?share_type=needs-replication");

        Assert.That(response.Json["pools"]!.AsArray(), Is.Empty);
    }

    [Test]
    public async Task ListPools_UnknownShareType_Answers400NamingTheParameter()
    {
        var response = await _admin.GetAsync("/v2/scheduler-stats/pools?share_type=nonexistent");

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(response.ErrorMessage, Does.Contain("share_type").And.Contain("nonexistent"));
    }

    [Test]
    public async Task ListPools_ShareTypeBefore2_23_IsNoFilterOfItsOwnAndMatchesNothingAsManila()
    {
        _admin.Version = "2.22";

        var filtered = await _admin.GetAsync("/v2/scheduler-stats/pools?share_type=nonexistent");
        var plain = await _admin.GetAsync("/v2/scheduler-stats/pools");

        Assert.That(filtered.Status, Is.EqualTo(HttpStatusCode.OK), filtered.Body);
        Assert.That(filtered.Json["pools"]!.AsArray(), Is.Empty);
        Assert.That(plain.Json["pools"]!.AsArray(), Has.Count.EqualTo(2));
    }

    [Test]
    public async Task ListPools_DisabledBackend_IsLeftOut()
    {
        using var host = new TestHost();
        using var admin = host.Client();
        await admin.PutAsync("/v2/services/disable", new { host = "sharehost@dummy1", binary = "manila-share" });

        var response = await admin.GetAsync("/v2/scheduler-stats/pools");

        Assert.That(response.Json["pools"]!.AsArray().Select(p => p!["backend"]!.GetValue<string>()), Is.EqualTo(new[] { "dummy2" }));
    }

    [Test]
    public async Task ListPools_BackendsWithStaleStats_AreLeftOut()
    {
        using var host = new TestHost(settings: new Dictionary<string, string?> { ["ShareHost:ServiceDownTimeSeconds"] = "0" });
        using var admin = host.Client();

        var response = await admin.GetAsync("/v2/scheduler-stats/pools");

        Assert.That(response.Json["pools"]!.AsArray(), Is.Empty);
    }

    private async Task<string> AddShareTypeAsync(string name, params (string Key, string Value)[] specs)
    {
        var id = Guid.NewGuid().ToString();
        await using var connection = await _host.Services.GetRequiredService<SqliteConnectionFactory>().OpenAsync();
        await connection.ExecuteAsync(
            "INSERT INTO share_types (id, name, is_public, created_at) VALUES (@id, @name, 1, @now)", new { id, name, now = DateTime.UtcNow });
        await connection.ExecuteAsync(
            "INSERT INTO share_type_extra_specs (share_type_id, key, value) VALUES (@id, @Key, @Value)",
            specs.Select(s => new { id, s.Key, s.Value }));
        return id;
    }
}
