using Dapper;
using Microsoft.Extensions.DependencyInjection;
using ShareHost.Features.AccessRules;
using ShareHost.Persistence;
using ShareHost.Tests.Features.Shares;
using ShareHost.Tests.Infrastructure;

namespace ShareHost.Tests.Features.AccessRules;

/// <summary>
/// Rules follow every instance of a share (what replicas and migration will rely on): a new instance gets a copy of
/// the rules, later changes reach each instance's backend in its own call, and a rule's state aggregates over them.
/// </summary>
public sealed class MultiInstanceAccessTests
{
    private TestHost _host = null!;
    private ApiClient _admin = null!;

    // One host for the fixture: each test works on shares and rules of its own.
    [OneTimeSetUp]
    public void SetUp()
    {
        _host = new TestHost(settings: new Dictionary<string, string?> { ["Backends:dummy2:Options:Access:FailAccessTo:0"] = "10.9.9.9" });
        _admin = _host.Client();
    }

    [OneTimeTearDown]
    public void TearDown()
    {
        _admin.Dispose();
        _host.Dispose();
    }

    [Test]
    public async Task CopyToInstance_NewInstance_GetsTheSharesRulesFromItsOwnBackend()
    {
        var (shareId, _) = await ShareOnDummy1Async();
        var first = await _admin.AllowOkAsync(shareId, "ip", "10.0.0.1");
        var second = await _admin.AllowOkAsync(shareId, "ip", "10.0.0.2");
        await _admin.WaitForRulesAsync(shareId, "active", count: 2);

        var copy = await AddInstanceOnDummy2Async(shareId);
        await WaitUntilAsync(() => _host.AppliedRules(copy, "dummy2").Count == 2);
        await _host.AccessIdleAsync();

        Assert.That(_host.AppliedRules(copy, "dummy2").Select(r => r.Id), Is.EquivalentTo(new[] { first, second }));
        Assert.That((await _admin.RulesAsync(shareId)).Select(r => r!["state"]!.GetValue<string>()), Is.All.EqualTo("active"));
    }

    [Test]
    public async Task AllowAndDeny_TwoInstances_EachBackendGetsItsOwnCall()
    {
        var (shareId, primary) = await ShareOnDummy1Async();
        var copy = await AddInstanceOnDummy2Async(shareId);

        var accessId = await _admin.AllowOkAsync(shareId, "ip", "10.0.0.3");
        await _admin.WaitForRuleAsync(accessId, "active");
        var appliedOnBoth = (_host.AppliedRules(primary, "dummy1").Count, _host.AppliedRules(copy, "dummy2").Count);
        await _admin.DenyAsync(shareId, accessId);
        await _admin.WaitForRuleAsync(accessId, null);

        Assert.That(appliedOnBoth, Is.EqualTo((1, 1)));
        Assert.That(_host.AppliedRules(primary, "dummy1"), Is.Empty);
        Assert.That(_host.AppliedRules(copy, "dummy2"), Is.Empty);
        Assert.That(_host.LastAccessUpdate("dummy2")!.Share.Id, Is.EqualTo(copy));
    }

    [Test]
    public async Task AllowAccess_FailsOnOneInstanceOnly_TheRuleShowsError()
    {
        var (shareId, primary) = await ShareOnDummy1Async();
        await AddInstanceOnDummy2Async(shareId);

        var accessId = await _admin.AllowOkAsync(shareId, "ip", "10.9.9.9");

        await _admin.WaitForRuleAsync(accessId, "error");
        await _host.AccessIdleAsync();
        Assert.That(_host.AppliedRules(primary, "dummy1").Select(r => r.Id), Is.EqualTo(new[] { accessId }), "the other instance applied it");
    }

    [Test]
    public async Task RemoveAll_OneInstance_OtherInstanceKeepsTheRules()
    {
        var (shareId, primary) = await ShareOnDummy1Async();
        var copy = await AddInstanceOnDummy2Async(shareId);
        var accessId = await _admin.AllowOkAsync(shareId, "ip", "10.0.0.4");
        await _admin.WaitForRuleAsync(accessId, "active");

        var failure = await _host.Services.GetRequiredService<AccessRuleService>().RemoveAllAsync(copy, CancellationToken.None);

        Assert.That(failure, Is.Null);
        Assert.That(_host.AppliedRules(copy, "dummy2"), Is.Empty);
        Assert.That(_host.AppliedRules(primary, "dummy1").Select(r => r.Id), Is.EqualTo(new[] { accessId }));
        Assert.That((await _admin.GetAsync($"/v2/share-access-rules/{accessId}")).Json["access"]!["state"]!.GetValue<string>(), Is.EqualTo("active"));
    }

    private async Task<(string ShareId, string InstanceId)> ShareOnDummy1Async()
    {
        var shareId = await _admin.AvailableShareAsync(zone: "az1");
        return (shareId, await _host.InstanceIdAsync(shareId));
    }

    /// <summary>A second instance of the share on dummy2, as a replica would add one, given the share's rules.</summary>
    private async Task<string> AddInstanceOnDummy2Async(string shareId)
    {
        var instanceId = Guid.NewGuid().ToString();
        await using (var connection = await _host.Services.GetRequiredService<SqliteConnectionFactory>().OpenAsync())
        await using (var transaction = await SqliteConnectionFactory.BeginWriteAsync(connection))
        {
            await connection.ExecuteAsync("""
                INSERT INTO share_instances (id, share_id, is_primary, status, backend, pool, availability_zone, access_rules_status, created_at)
                VALUES (@instanceId, @shareId, 0, 'available', 'dummy2', 'pool-a', 'az2', 'active', @now)
                """, new { instanceId, shareId, now = DateTime.UtcNow }, transaction);
            await AccessRuleService.CopyToInstanceAsync(connection, transaction, shareId, instanceId, CancellationToken.None);
            await transaction.CommitAsync();
        }

        _host.Services.GetRequiredService<AccessRuleService>().RequestSync(instanceId);
        return instanceId;
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!condition())
        {
            Assert.That(DateTime.UtcNow, Is.LessThan(deadline), "the condition did not become true within 20 s");
            await Task.Delay(20);
        }
    }
}
