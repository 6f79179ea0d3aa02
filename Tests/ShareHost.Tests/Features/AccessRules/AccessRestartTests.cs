using Dapper;
using Microsoft.Data.Sqlite;
using ShareHost.Tests.Features.Operations;
using ShareHost.Tests.Features.Shares;
using ShareHost.Tests.Infrastructure;

namespace ShareHost.Tests.Features.AccessRules;

/// <summary>
/// The sync is driven by the database alone: rules a stopped host left in a driver call (applying, denying) are put
/// back in the queue and sent again by the next host on the same directory.
/// </summary>
public sealed class AccessRestartTests
{
    private string _directory = null!;

    [SetUp]
    public void SetUp() => _directory = TestHost.NewDirectory();

    [TearDown]
    public void TearDown()
    {
        SqliteConnection.ClearAllPools();
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
    public async Task Restart_WithRulesLeftApplyingAndDenying_NextHostSendsThemAndTheyFinish()
    {
        string shareId;
        string instanceId;
        string backend;
        string applying;
        string denying;
        string queued;
        using (var first = new TestHost(_directory, Settings(latencyMs: 0)))
        using (var admin = first.Client())
        {
            shareId = await admin.AvailableShareAsync();
            instanceId = await first.InstanceIdAsync(shareId);
            backend = await first.BackendOfAsync(shareId);
            applying = await admin.AllowOkAsync(shareId, "ip", "10.0.0.1");
            denying = await admin.AllowOkAsync(shareId, "ip", "10.0.0.2");
            queued = await admin.AllowOkAsync(shareId, "ip", "10.0.0.3");
            await admin.WaitForRulesAsync(shareId, "active", count: 3);
            await first.AccessIdleAsync();
        }

        // What a crash in the middle of a driver call leaves behind.
        await SetStatesAsync(instanceId, (applying, "applying"), (denying, "denying"), (queued, "queued_to_apply"));

        using var second = new TestHost(_directory, Settings(latencyMs: 0));
        using var again = second.Client();
        await again.WaitForRuleAsync(applying, "active");
        await again.WaitForRuleAsync(denying, null);
        await again.WaitForRuleAsync(queued, "active");
        await second.AccessIdleAsync();

        var update = second.LastAccessUpdate(backend)!;
        Assert.Multiple(async () =>
        {
            Assert.That(second.AccessCalls(backend), Is.EqualTo(1), "everything left over goes in one call");
            Assert.That(update.AddRules.Select(r => r.Id), Is.EquivalentTo(new[] { applying, queued }));
            Assert.That(update.DeleteRules.Select(r => r.Id), Is.EqualTo(new[] { denying }));
            Assert.That(second.AppliedRules(instanceId, backend).Select(r => r.AccessTo), Is.EquivalentTo(new[] { "10.0.0.1", "10.0.0.3" }));
            Assert.That((await again.ShowAsync(shareId))["access_rules_status"]!.GetValue<string>(), Is.EqualTo("active"));
        });
    }

    [Test]
    public async Task Restart_StoppedDuringASlowDriverCall_RuleStaysApplyingOnDiskAndBecomesActiveAfterTheStart()
    {
        string shareId;
        string accessId;
        using (var first = new TestHost(_directory, Settings(latencyMs: 5000)))
        using (var admin = first.Client())
        {
            shareId = await admin.AvailableShareAsync();
            accessId = await admin.AllowOkAsync(shareId, "ip", "10.0.0.9");
            await admin.WaitForRuleAsync(accessId, "applying");
        }

        var stateOnDisk = await StateAsync(accessId);

        using var second = new TestHost(_directory, Settings(latencyMs: 0));
        using var again = second.Client();
        await again.WaitForRuleAsync(accessId, "active");

        Assert.That(stateOnDisk, Is.EqualTo("applying"), "the stop must land while the driver call runs");
        Assert.That(second.LastAccessUpdate(await second.BackendOfAsync(shareId))!.AddRules.Select(r => r.Id), Is.EqualTo(new[] { accessId }));
    }

    [Test]
    public async Task Restart_ShareDeletingWithRulesLeftDenying_DeleteCompletesWithoutErrors()
    {
        string shareId;
        using (var first = new TestHost(_directory, Settings(latencyMs: 0)))
        using (var admin = first.Client())
        {
            shareId = await admin.AvailableShareAsync();
            await admin.AllowOkAsync(shareId, "ip", "10.0.0.1");
            await admin.WaitForRulesAsync(shareId, "active", count: 1);
            await first.AccessIdleAsync();
            first.SetDummyOption("LatencyMs:UpdateAccess", "5000");
            await admin.DeleteAsync($"/v2/shares/{shareId}");
            await admin.WaitForRulesAsync(shareId, "denying", count: 1);
        }

        using var second = new TestHost(_directory, Settings(latencyMs: 0));
        using var again = second.Client();
        await second.IdleAsync();

        Assert.That((await again.GetAsync($"/v2/shares/{shareId}")).Status, Is.EqualTo(System.Net.HttpStatusCode.NotFound));
        Assert.That(await second.MessagesAsync(shareId), Is.Empty);
    }

    private Dictionary<string, string?> Settings(int latencyMs)
    {
        var settings = RestartState.Settings(_directory, createLatencyMs: 0);
        foreach (var (key, value) in AccessTestSupport.DummyOptions(("LatencyMs:UpdateAccess", latencyMs.ToString(System.Globalization.CultureInfo.InvariantCulture))))
        {
            settings[key] = value;
        }

        return settings;
    }

    private async Task SetStatesAsync(string instanceId, params (string AccessId, string State)[] states)
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(_directory, "sharehost.db")}");
        await connection.OpenAsync();
        foreach (var (accessId, state) in states)
        {
            await connection.ExecuteAsync(
                "UPDATE share_instance_access_map SET state = @state WHERE access_id = @accessId AND share_instance_id = @instanceId",
                new { accessId, instanceId, state });
        }

        await connection.ExecuteAsync("UPDATE share_instances SET access_rules_status = 'syncing' WHERE id = @instanceId", new { instanceId });
    }

    private async Task<string?> StateAsync(string accessId)
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(_directory, "sharehost.db")}");
        await connection.OpenAsync();
        return await connection.QuerySingleOrDefaultAsync<string>("SELECT state FROM share_instance_access_map WHERE access_id = @accessId", new { accessId });
    }
}
