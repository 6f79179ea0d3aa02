using ShareHost.Tests.Features.AccessRules;
using ShareHost.Tests.Features.Snapshots;
using ShareHost.Tests.Infrastructure;

namespace ShareHost.Tests.Features.Mounts;

/// <summary>The leases using a mount's rule are counted from the database after a restart: the rule goes with the last of them.</summary>
public sealed class MountAccessRestartTests
{
    /// <summary>What a crash between a rule's grant and the lease recording it leaves: a live lease still granting that names no rule.</summary>
    private const string LeftGranting = "UPDATE mount_leases SET access_rule_id = NULL, access = 'granting' WHERE id = $id";

    private string _directory = null!;

    [SetUp]
    public void SetUp() => _directory = TestHost.NewDirectory();

    [TearDown]
    public void TearDown()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            TestHost.DeleteDirectory(_directory);
        }
        catch (IOException)
        {
            // a file still held open; the temp folder is cleaned eventually
        }
    }

    [Test]
    public async Task Restart_AdoptedLeasesShareTheirRule_ItIsDeniedWithTheLastOfThem()
    {
        string share;
        string sharedRule;
        string shortRule;
        string first;
        string second;
        using (var before = new TestHost(_directory, Settings()))
        using (var demo = before.Client(TestHost.DemoToken))
        {
            share = await Mounts.ShareAsync(demo);
            var a = await Mounts.MountOkAsync(demo, share, "192.0.2.41", seconds: 600);
            var b = await Mounts.MountOkAsync(demo, share, "192.0.2.41", seconds: 600);
            var shortLease = await Mounts.MountOkAsync(demo, share, "192.0.2.42", seconds: 1);
            (first, second, sharedRule, shortRule) = (a.Id(), b.Id(), a["access_rule_id"]!.GetValue<string>(), shortLease["access_rule_id"]!.GetValue<string>());
        }

        await Task.Delay(1100);
        using var after = new TestHost(_directory, Settings());
        using var again = after.Client(TestHost.DemoToken);
        using var admin = after.Client();
        var sweep = await admin.PostAsync("/v2/sharehost/mount-expiry", null);
        await Mounts.ReleaseAsync(again, first);
        await again.WaitForRuleAsync(shortRule, null);
        await after.AccessIdleAsync();
        var afterFirst = await again.RulesAsync(share);
        await Mounts.ReleaseAsync(again, second);

        await again.WaitForRuleAsync(sharedRule, null);
        Assert.Multiple(() =>
        {
            Assert.That(sweep.Json["expiry"]!["expired"]!.GetValue<int>(), Is.EqualTo(1));
            Assert.That(afterFirst.Select(r => r!["id"]!.GetValue<string>()), Is.EqualTo(new[] { sharedRule }), "the second lease still uses it");
        });
    }

    [Test]
    public async Task Restart_AMountsRuleNoLiveLeaseNames_IsDeniedWhenTheBackendIsTaken()
    {
        string share;
        string orphan;
        string kept;
        string byHand;
        using (var before = new TestHost(_directory, Settings()))
        using (var demo = before.Client(TestHost.DemoToken))
        {
            share = await Mounts.ShareAsync(demo);
            var crashed = await Mounts.MountOkAsync(demo, share, "192.0.2.51", seconds: 600);
            kept = (await Mounts.MountOkAsync(demo, share, "192.0.2.52", seconds: 600))["access_rule_id"]!.GetValue<string>();
            byHand = await demo.AllowOkAsync(share, "ip", "192.0.2.53");
            await demo.WaitForRuleAsync(byHand, "active");
            orphan = crashed["access_rule_id"]!.GetValue<string>();
            Assert.That(await PlantAsync(LeftGranting, ("$id", crashed.Id())), Is.EqualTo(1));
        }

        using var after = new TestHost(_directory, Settings());
        using var again = after.Client(TestHost.DemoToken);

        await again.WaitForRuleAsync(orphan, null);
        await after.AccessIdleAsync();
        var left = (await again.RulesAsync(share)).Select(r => r!["id"]!.GetValue<string>()).ToList();
        Assert.That(left, Is.EquivalentTo(new[] { kept, byHand }), "the rule a live lease names and the rule made by hand stay");
    }

    [Test]
    public async Task Restart_LeasesLeftGranting_AreReleasedAndTheirRulesDeniedUnlessAnotherLeaseUsesThem()
    {
        string share;
        string lostRule;
        string namedRule;
        string kept;
        string shared;
        string[] granting;
        using (var before = new TestHost(_directory, Settings()))
        using (var demo = before.Client(TestHost.DemoToken))
        {
            share = await Mounts.ShareAsync(demo);
            var lost = await Mounts.MountOkAsync(demo, share, "192.0.2.71", seconds: 600);
            var named = await Mounts.MountOkAsync(demo, share, "192.0.2.72", seconds: 600);
            kept = (await Mounts.MountOkAsync(demo, share, "192.0.2.73", seconds: 600))["access_rule_id"]!.GetValue<string>();
            shared = (await Mounts.MountOkAsync(demo, share, "192.0.2.74", seconds: 600))["access_rule_id"]!.GetValue<string>();
            var sharing = await Mounts.MountOkAsync(demo, share, "192.0.2.74", seconds: 600);
            (lostRule, namedRule) = (lost["access_rule_id"]!.GetValue<string>(), named["access_rule_id"]!.GetValue<string>());
            granting = [lost.Id(), named.Id(), sharing.Id()];
            // What the host dying while these mounts waited for their rules leaves: live leases still granting, most
            // naming no rule yet (one naming it, to see the ordinary withdraw path deny it).
            var planted = await PlantAsync("""
                UPDATE mount_leases SET access = 'granting', access_rule_id = CASE WHEN id = $named THEN access_rule_id END
                WHERE id IN ($lost, $named, $sharing)
                """, ("$lost", lost.Id()), ("$named", named.Id()), ("$sharing", sharing.Id()));
            Assert.That(planted, Is.EqualTo(3));
        }

        using var after = new TestHost(_directory, Settings());
        using var again = after.Client(TestHost.DemoToken);

        await again.WaitForRuleAsync(lostRule, null);
        await again.WaitForRuleAsync(namedRule, null);
        await after.AccessIdleAsync();
        var shown = new List<(string, string)>();
        foreach (var id in granting)
        {
            var mount = await Mounts.ShowAsync(again, id);
            shown.Add((mount.State(), mount["access"]!.GetValue<string>()));
        }

        var left = (await again.RulesAsync(share)).Select(r => r!["id"]!.GetValue<string>()).ToList();
        var applied = after.AppliedRules(await after.InstanceIdAsync(share)).Select(r => r.AccessTo).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(shown, Is.EqualTo(Enumerable.Repeat(("released", "withdrawn"), 3)));
            Assert.That(left, Is.EquivalentTo(new[] { kept, shared }), "a live lease still names the other two");
            Assert.That(applied, Is.EquivalentTo(new[] { "192.0.2.73", "192.0.2.74" }));
        });
    }

    [Test]
    public async Task Restart_ASnapshotMountLeftGranting_IsReleasedAndItsSnapshotRuleDenied()
    {
        string snapshot;
        string lostRule;
        string keptRule;
        string lost;
        using (var before = new TestHost(_directory, Settings()))
        using (var demo = before.Client(TestHost.DemoToken))
        {
            await before.CreateSnapshotTypeAsync();
            snapshot = await demo.AvailableSnapshotAsync(await demo.SnapshotableShareAsync(zone: "az1"));
            var crashed = (await demo.SnapshotActionAsync(snapshot, new { mount = new { client = "192.0.2.81", lease_seconds = 600 } })).Json["mount"]!;
            keptRule = (await demo.SnapshotActionAsync(snapshot, new { mount = new { client = "192.0.2.82", lease_seconds = 600 } })).Json["mount"]!["access_rule_id"]!.GetValue<string>();
            (lost, lostRule) = (crashed.Id(), crashed["access_rule_id"]!.GetValue<string>());
            Assert.That(await PlantAsync(LeftGranting, ("$id", lost)), Is.EqualTo(1));
        }

        using var after = new TestHost(_directory, Settings());
        using var again = after.Client(TestHost.DemoToken);

        await Mounts.EventuallyAsync(async () => (await SnapshotRulesAsync(again, snapshot)).SequenceEqual([keptRule]), "the lost mount's snapshot rule is denied");
        var shown = await Mounts.ShowAsync(again, lost);
        var record = await after.SnapshotRecordAsync(snapshot);
        var onBackend = (IReadOnlyList<string>)SnapshotTestSupport.Dummy(after, record.Backend!).SnapshotAccess(record.InstanceId);
        Assert.Multiple(() =>
        {
            Assert.That((shown.State(), shown["access"]!.GetValue<string>()), Is.EqualTo(("released", "withdrawn")));
            Assert.That(onBackend, Is.EqualTo(new[] { "ip:192.0.2.82 ro" }));
        });
    }

    private static async Task<IReadOnlyList<string>> SnapshotRulesAsync(ApiClient client, string snapshot) =>
        (await client.GetAsync($"/v2/snapshots/{snapshot}/access-list")).Json["snapshot_access_list"]!.AsArray().Select(r => r!["id"]!.GetValue<string>()).ToList();

    /// <summary>Changes the stopped host's database as a crash would have left it; returns the rows changed.</summary>
    private async Task<int> PlantAsync(string sql, params (string Name, string Value)[] parameters)
    {
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(_directory, "sharehost.db")};Pooling=False");
        await connection.OpenAsync();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return await command.ExecuteNonQueryAsync();
    }

    private static Dictionary<string, string?> Settings() =>
        Mounts.Pool().With("Jobs:LeaseExpirySeconds", "3600").With("Backends:dummy1:Options:StateFile", "dummy-state.jsonl");
}
