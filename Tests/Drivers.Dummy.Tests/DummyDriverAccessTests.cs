using ShareHost.Abstractions;

namespace ShareHost.Drivers.Dummy.Tests;

/// <summary>The Dummy's sync-access call: the types each protocol takes, per-rule failure injection, access keys, the call count.</summary>
public sealed class DummyDriverAccessTests
{
    private static readonly Dictionary<string, string?> OnePool = new() { ["Pools:0:Name"] = "pool-a" };

    [Test]
    public async Task UpdateAccess_IpRulesOnNfs_AllAppliedWithoutResults()
    {
        using var dummy = await DummyFixture.StartAsync(OnePool);
        var share = DummyFixture.Share();
        var rules = new[] { Rule("r1", "ip", "10.0.0.1"), Rule("r2", "ip", "10.0.0.0/24", "ro") };

        var results = await dummy.Driver.UpdateAccessAsync(new AccessUpdate { Share = share, Rules = rules, AddRules = rules }, CancellationToken.None);

        Assert.That(results, Is.Empty);
        Assert.That(dummy.Driver.AppliedAccessRules(share.Id).Select(r => r.Id), Is.EqualTo(new[] { "r1", "r2" }));
    }

    [Test]
    public async Task UpdateAccess_UserRuleOnNfs_OnlyThatRuleFails()
    {
        using var dummy = await DummyFixture.StartAsync(OnePool);
        var share = DummyFixture.Share();
        var rules = new[] { Rule("r1", "ip", "10.0.0.1"), Rule("r2", "user", "alice") };

        var results = await dummy.Driver.UpdateAccessAsync(new AccessUpdate { Share = share, Rules = rules, AddRules = rules }, CancellationToken.None);

        Assert.That(results.Select(r => (r.RuleId, r.Outcome)), Is.EqualTo(new[] { ("r2", AccessRuleOutcome.Error) }));
        Assert.That(results[0].Message, Does.Contain("only 'ip'"));
        Assert.That(dummy.Driver.AppliedAccessRules(share.Id).Select(r => r.Id), Is.EqualTo(new[] { "r1" }));
    }

    [Test]
    public async Task UpdateAccess_TargetListedInFailAccessTo_FailsWithTheConfiguredMessage()
    {
        using var dummy = await DummyFixture.StartAsync(new Dictionary<string, string?>(OnePool)
        {
            ["Access:FailAccessTo:0"] = "10.9.9.9",
            ["Access:FailMessage"] = "blocked by test",
        });
        var rules = new[] { Rule("good", "ip", "10.0.0.1"), Rule("bad", "ip", "10.9.9.9") };

        var results = await dummy.Driver.UpdateAccessAsync(new AccessUpdate { Share = DummyFixture.Share(), Rules = rules, AddRules = rules }, CancellationToken.None);

        Assert.That(results.Single().RuleId, Is.EqualTo("bad"));
        Assert.That(results.Single().Outcome, Is.EqualTo(AccessRuleOutcome.Error));
        Assert.That(results.Single().Message, Does.Contain("blocked by test").And.Contain("10.9.9.9"));
    }

    [Test]
    public async Task UpdateAccess_UserRulesOnCifs_GetAStableAccessKey()
    {
        using var dummy = await DummyFixture.StartAsync(OnePool);
        var share = DummyFixture.Share(protocol: "CIFS");
        var rules = new[] { Rule("r1", "user", "alice", "ro") };

        var first = await dummy.Driver.UpdateAccessAsync(new AccessUpdate { Share = share, Rules = rules, AddRules = rules }, CancellationToken.None);
        var again = await dummy.Driver.UpdateAccessAsync(new AccessUpdate { Share = share, Rules = rules }, CancellationToken.None);

        Assert.That(first.Single().Outcome, Is.EqualTo(AccessRuleOutcome.Applied));
        Assert.That(first.Single().AccessKey, Is.Not.Null.And.Not.Empty);
        Assert.That(again.Single().AccessKey, Is.EqualTo(first.Single().AccessKey));
    }

    [Test]
    public async Task UpdateAccess_RemovingEveryRule_LeavesNothingApplied()
    {
        using var dummy = await DummyFixture.StartAsync(OnePool);
        var share = DummyFixture.Share();
        var rule = Rule("r1", "ip", "10.0.0.1");
        await dummy.Driver.UpdateAccessAsync(new AccessUpdate { Share = share, Rules = [rule], AddRules = [rule] }, CancellationToken.None);

        var results = await dummy.Driver.UpdateAccessAsync(new AccessUpdate { Share = share, Rules = [], DeleteRules = [rule] }, CancellationToken.None);

        Assert.That(results, Is.Empty);
        Assert.That(dummy.Driver.AppliedAccessRules(share.Id), Is.Empty);
    }

    [Test]
    public async Task UpdateAccess_InjectedFault_ThrowsAndStillCountsTheCall()
    {
        using var dummy = await DummyFixture.StartAsync(new Dictionary<string, string?>(OnePool) { ["Faults:UpdateAccess:FailEveryNth"] = "2" });
        var update = new AccessUpdate { Share = DummyFixture.Share(), Rules = [Rule("r1", "ip", "10.0.0.1")] };

        await dummy.Driver.UpdateAccessAsync(update, CancellationToken.None);

        Assert.ThrowsAsync<ShareDriverException>(() => dummy.Driver.UpdateAccessAsync(update, CancellationToken.None));
        Assert.That(dummy.Driver.AccessCallCount, Is.EqualTo(2));
        Assert.That(dummy.Driver.LastAccessUpdate, Is.SameAs(update));
    }

    [Test]
    public async Task GetStats_AfterAccessCalls_ReportsTheCountAsAPoolCapability()
    {
        using var dummy = await DummyFixture.StartAsync(OnePool);
        var share = DummyFixture.Share();
        var rules = new[] { Rule("r1", "ip", "10.0.0.1"), Rule("r2", "ip", "10.0.0.2") };
        await dummy.Driver.UpdateAccessAsync(new AccessUpdate { Share = share, Rules = rules, AddRules = rules }, CancellationToken.None);
        await dummy.Driver.UpdateAccessAsync(new AccessUpdate { Share = share, Rules = rules }, CancellationToken.None);

        var pool = await dummy.PoolAsync();

        Assert.That(pool.Capabilities["dummy_access_calls"], Is.EqualTo(2.0));
        Assert.That(pool.Capabilities["dummy_access_rules"], Is.EqualTo(2.0));
    }

    private static DriverAccessRule Rule(string id, string type, string to, string level = "rw") =>
        new() { Id = id, AccessType = type, AccessTo = to, AccessLevel = level };
}
