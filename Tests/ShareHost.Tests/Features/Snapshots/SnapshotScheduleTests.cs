using System.Net;
using Microsoft.Extensions.DependencyInjection;
using ShareHost.Features.Snapshots.Schedules;
using ShareHost.Tests.Api;
using ShareHost.Tests.Infrastructure;

namespace ShareHost.Tests.Features.Snapshots;

/// <summary>
/// Snapshot schedules (a ShareHost extension): a Quartz cron expression and a retention count per share; the admin
/// "run" action and an every-second cron are the fast triggers.
/// </summary>
public sealed class SnapshotScheduleTests
{
    private TestHost _host = null!;
    private ApiClient _demo = null!;
    private ApiClient _admin = null!;

    [SetUp]
    public async Task SetUp()
    {
        Start(null);
        await _host.CreateSnapshotTypeAsync();
    }

    [TearDown]
    public void TearDown() => Stop();

    [Test]
    public async Task PutSchedule_Valid_IsShownWithItsNextRunAndRegisteredWithQuartz()
    {
        var share = await _demo.SnapshotableShareAsync();

        var put = await PutScheduleAsync(share, "0 0 2 * * ?", 3);
        var get = await _demo.GetAsync(SchedulePath(share));
        var registered = await Triggers().IsRegisteredAsync(share);

        Assert.That(put.Status, Is.EqualTo(HttpStatusCode.OK), put.Body);
        var schedule = get.Json["snapshot_schedule"]!;
        Assert.Multiple(() =>
        {
            Assert.That(schedule["cron_expression"]!.GetValue<string>(), Is.EqualTo("0 0 2 * * ?"));
            Assert.That(schedule["retention"]!.GetValue<int>(), Is.EqualTo(3));
            Assert.That(schedule["time_zone"]!.GetValue<string>(), Is.EqualTo("UTC"));
            Assert.That(schedule["next_run_at"]!.GetValue<string>(), Does.EndWith("T02:00:00.000000"));
            Assert.That(schedule["last_run_at"], Is.Null);
            Assert.That(registered, Is.True);
        });
    }

    [TestCase("{\"snapshot_schedule\": {\"cron_expression\": \"every day\", \"retention\": 3}}", "snapshot_schedule.cron_expression", "not a valid Quartz cron expression")]
    [TestCase("{\"snapshot_schedule\": {\"cron_expression\": \"0 0 2 * *\", \"retention\": 3}}", "snapshot_schedule.cron_expression", "not a valid")]
    [TestCase("{\"snapshot_schedule\": {\"cron_expression\": \"0 0 0 1 1 ? 2001\", \"retention\": 3}}", "snapshot_schedule.cron_expression", "never fires")]
    [TestCase("{\"snapshot_schedule\": {\"retention\": 3}}", "snapshot_schedule.cron_expression", "required")]
    [TestCase("{\"snapshot_schedule\": {\"cron_expression\": \"0 0 2 * * ?\", \"retention\": 0}}", "snapshot_schedule.retention", "at least 1")]
    [TestCase("{\"snapshot_schedule\": {\"cron_expression\": \"0 0 2 * * ?\", \"retention\": -4}}", "snapshot_schedule.retention", "at least 1")]
    [TestCase("{\"snapshot_schedule\": {\"cron_expression\": \"0 0 2 * * ?\"}}", "snapshot_schedule.retention", "required")]
    [TestCase("{\"snapshot_schedule\": {\"cron_expression\": \"0 0 2 * * ?\", \"retention\": 2, \"keep\": 1}}", "keep", "")]
    [TestCase("{}", "snapshot_schedule", "")]
    public async Task PutSchedule_BadInput_Answers400NamingTheFieldAndStoresNothing(string body, string field, string reason)
    {
        var share = await _demo.SnapshotableShareAsync();

        var response = await _demo.SendAsync(HttpMethod.Put, SchedulePath(share), rawBody: body);

        Fault.AssertIs(response, HttpStatusCode.BadRequest, field, reason);
        Assert.That((await _demo.GetAsync(SchedulePath(share))).Status, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(await Triggers().IsRegisteredAsync(share), Is.False);
    }

    [Test]
    public async Task PutSchedule_BadInputOverAnExistingSchedule_KeepsTheOldOne()
    {
        var share = await _demo.SnapshotableShareAsync();
        await PutScheduleAsync(share, "0 0 2 * * ?", 3);

        var badCron = await PutScheduleAsync(share, "every night", 5);
        var badRetention = await PutScheduleAsync(share, "0 0 4 * * ?", 0);

        var shown = (await _demo.GetAsync(SchedulePath(share))).Json["snapshot_schedule"]!;
        Fault.AssertIs(badCron, HttpStatusCode.BadRequest, "snapshot_schedule.cron_expression", "not a valid");
        Fault.AssertIs(badRetention, HttpStatusCode.BadRequest, "snapshot_schedule.retention", "at least 1");
        Assert.Multiple(() =>
        {
            Assert.That(shown["cron_expression"]!.GetValue<string>(), Is.EqualTo("0 0 2 * * ?"));
            Assert.That(shown["retention"]!.GetValue<int>(), Is.EqualTo(3));
        });
    }

    [Test]
    public async Task PutSchedule_ShareWithoutSnapshotSupport_Answers422()
    {
        var share = await _demo.CreateShareAsync();
        await _demo.WaitForShareAsync(share, "available");

        var response = await PutScheduleAsync(share, "0 0 2 * * ?", 3);

        Fault.AssertIs(response, HttpStatusCode.UnprocessableEntity, "snapshot_support");
    }

    [Test]
    public async Task PutSchedule_AnotherProjectsShare_Answers404()
    {
        var share = await _demo.SnapshotableShareAsync();
        using var other = _host.Client(TestHost.OtherToken);

        var response = await other.PutAsync(SchedulePath(share), new { snapshot_schedule = new { cron_expression = "0 0 2 * * ?", retention = 3 } });

        Fault.AssertIs(response, HttpStatusCode.NotFound, share);
    }

    [Test]
    public async Task Run_TakesScheduledSnapshotsAndRetentionDeletesOnlyTheOldestScheduledOnes()
    {
        var share = await _demo.SnapshotableShareAsync();
        var manualOld = await _demo.AvailableSnapshotAsync(share, "manual-old");
        await PutScheduleAsync(share, "0 0 2 * * ?", 2);

        var first = await RunAndSettleAsync(share);
        var second = await RunAndSettleAsync(share);
        var manualNew = await _demo.AvailableSnapshotAsync(share, "manual-new");
        var third = await RunAndSettleAsync(share);
        var fourth = await RunAndSettleAsync(share);

        var left = await _demo.SnapshotIdsAsync(share);
        var names = (await _demo.GetAsync($"/v2/snapshots/detail?share_id={share}")).Json["snapshots"]!.AsArray()
            .Select(s => s!["name"]!.GetValue<string>()).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(left, Is.EquivalentTo(new[] { manualOld, manualNew, third, fourth }), "the two newest scheduled ones and every manual one");
            Assert.That(left, Does.Not.Contain(first).And.Not.Contain(second));
            Assert.That(names.Where(n => n.StartsWith("scheduled-", StringComparison.Ordinal)).ToList(), Has.Count.EqualTo(2));
            Assert.That(names, Has.All.Match("^(manual-(old|new)|scheduled-\\d{8}T\\d{6}Z)$"));
        });
    }

    [Test]
    public async Task Run_OldestScheduledSnapshotMounted_RetentionKeepsItUntilReleased()
    {
        var share = await _demo.SnapshotableShareAsync();
        await PutScheduleAsync(share, "0 0 2 * * ?", 1);
        var first = await RunAndSettleAsync(share);
        var mount = await _demo.SnapshotActionAsync(first, new { mount = new { client = "192.0.2.91", lease_seconds = 600 } });
        Assert.That(mount.Status, Is.EqualTo(HttpStatusCode.OK), mount.Body);

        var second = await RunAndSettleAsync(share);
        var whileMounted = await _demo.SnapshotIdsAsync(share);
        var released = await _demo.DeleteAsync($"/v2/sharehost/mounts/{mount.Json["mount"]!["id"]!.GetValue<string>()}");
        var third = await RunAndSettleAsync(share);
        var afterRelease = await _demo.SnapshotIdsAsync(share);

        Assert.Multiple(() =>
        {
            Assert.That(whileMounted, Is.EquivalentTo(new[] { first, second }), "a mounted snapshot is not deleted under its clients");
            Assert.That(released.Status, Is.EqualTo(HttpStatusCode.Accepted), released.Body);
            Assert.That(afterRelease, Is.EquivalentTo(new[] { third }), "the next run deletes it once released");
        });
    }

    [Test]
    public async Task Run_AsMember_Answers403()
    {
        var share = await _demo.SnapshotableShareAsync();
        await PutScheduleAsync(share, "0 0 2 * * ?", 2);

        var response = await _demo.PostAsync(SchedulePath(share) + "/run", null);

        Fault.AssertIs(response, HttpStatusCode.Forbidden);
        Assert.That(await _demo.SnapshotIdsAsync(share), Is.Empty);
    }

    [Test]
    public async Task Cron_EverySecond_QuartzTakesSnapshotsAndKeepsTheRetention()
    {
        var share = await _demo.SnapshotableShareAsync();
        var manual = await _demo.AvailableSnapshotAsync(share, "manual");

        await PutScheduleAsync(share, "* * * * * ?", 2);
        var taken = await WaitUntilAsync(async () => (await LastResultAsync(share))?.Contains("deleting", StringComparison.Ordinal) == true);
        await DeleteScheduleAsync(share);
        await _host.IdleAsync();
        var left = await _demo.SnapshotIdsAsync(share);

        Assert.That(taken, Is.True, "Quartz ran the schedule past its retention within the time limit");
        Assert.That(left, Does.Contain(manual));
        Assert.That(left.Count(id => id != manual), Is.InRange(1, 3), "at most the retention (plus a run that raced the delete)");
    }

    [Test]
    public async Task Restart_SameDirectory_ScheduleIsRegisteredAgainAndRuns()
    {
        _keptDirectory = TestHost.NewDirectory();
        Restart(stateFile: true);
        await _host.CreateSnapshotTypeAsync();
        var share = await _demo.SnapshotableShareAsync();
        await PutScheduleAsync(share, "* * * * * ?", 50);
        await WaitUntilAsync(async () => (await _demo.SnapshotIdsAsync(share)).Count >= 1);

        Restart(stateFile: true);
        await _demo.WaitForShareAsync(share, "available");
        var registered = await Triggers().IsRegisteredAsync(share);
        var before = (await _demo.SnapshotIdsAsync(share)).Count;
        var more = await WaitUntilAsync(async () => (await _demo.SnapshotIdsAsync(share)).Count > before + 1);
        await DeleteScheduleAsync(share);

        Assert.That(registered, Is.True);
        Assert.That(more, Is.True, "the schedule kept taking snapshots after the restart");
        Assert.That((await _demo.GetAsync(SchedulePath(share))).Status, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task Run_FailingDriver_RecordsAMessageAndTheScheduleKeepsRunning()
    {
        var share = await _demo.SnapshotableShareAsync();
        _host.Fail("CreateSnapshot");
        await PutScheduleAsync(share, "* * * * * ?", 50);

        var failed = await WaitUntilAsync(async () => (await _demo.GetAsync($"/v2/snapshots/detail?share_id={share}&status=error")).Json["snapshots"]!.AsArray().Count > 0);
        _host.Fail("CreateSnapshot", on: false);
        var recovered = await WaitUntilAsync(async () => (await _demo.GetAsync($"/v2/snapshots/detail?share_id={share}&status=available")).Json["snapshots"]!.AsArray().Count > 0);
        await DeleteScheduleAsync(share);
        await _host.IdleAsync();
        var errored = (await _demo.GetAsync($"/v2/snapshots/detail?share_id={share}&status=error")).Json["snapshots"]!.AsArray();
        var messages = await _host.MessagesAboutAsync(errored[0]!["id"]!.GetValue<string>());

        Assert.That(failed, Is.True, "a run failed");
        Assert.That(recovered, Is.True, "a later run succeeded: the schedule was not stopped");
        Assert.That(messages.Select(m => m.UserMessage), Has.Some.Contains("Injected failure"));
    }

    [Test]
    public async Task Run_ShareNotAvailable_RecordsAMessageOnTheShareAndKeepsTheSchedule()
    {
        var share = await _demo.SnapshotableShareAsync();
        await PutScheduleAsync(share, "0 0 2 * * ?", 2);
        await _admin.PostAsync($"/v2/shares/{share}/action", new { reset_status = new { status = "error" } });

        var run = await _admin.PostAsync(SchedulePath(share) + "/run", null);
        var messages = await _host.MessagesAboutAsync(share);

        Assert.That(run.Status, Is.EqualTo(HttpStatusCode.Accepted), run.Body);
        Assert.That(run.Json["snapshot_schedule"]!["last_result"]!.GetValue<string>(), Does.StartWith("no snapshot taken"));
        Assert.That(messages.Select(m => m.UserMessage), Has.Some.Contains("the scheduled snapshot was not taken").And.Some.Contains("available"));
        Assert.That(await Triggers().IsRegisteredAsync(share), Is.True);
        Assert.That(await _demo.SnapshotIdsAsync(share), Is.Empty);
    }

    [Test]
    public async Task DeleteShare_DeletesItsSchedule()
    {
        var share = await _demo.SnapshotableShareAsync();
        await PutScheduleAsync(share, "0 0 2 * * ?", 2);

        await _demo.DeleteAsync($"/v2/shares/{share}");
        await _host.IdleAsync();

        Assert.That(await _host.CountAsync("SELECT COUNT(*) FROM snapshot_schedules WHERE share_id = @share", new { share }), Is.Zero);
        Assert.That(await Triggers().IsRegisteredAsync(share), Is.False);
    }

    [Test]
    public async Task DeleteSchedule_StopsItAndKeepsTheSnapshots()
    {
        var share = await _demo.SnapshotableShareAsync();
        await PutScheduleAsync(share, "0 0 2 * * ?", 2);
        await RunAndSettleAsync(share);

        var deleted = await _demo.DeleteAsync(SchedulePath(share));
        var again = await _demo.DeleteAsync(SchedulePath(share));

        Assert.That(deleted.Status, Is.EqualTo(HttpStatusCode.NoContent));
        Fault.AssertIs(again, HttpStatusCode.NotFound, "no snapshot schedule");
        Assert.That(await Triggers().IsRegisteredAsync(share), Is.False);
        Assert.That(await _demo.SnapshotIdsAsync(share), Has.Count.EqualTo(1));
    }

    /// <summary>A directory the test keeps across host restarts (TestHost deletes only directories it created).</summary>
    private string? _keptDirectory;

    private void Start(string? directory, bool stateFile = false)
    {
        var settings = new Dictionary<string, string?>();
        if (stateFile)
        {
            settings["Backends:dummy1:Options:StateFile"] = "dummy.jsonl";
            settings["Backends:dummy2:Options:StateFile"] = "dummy.jsonl";
        }

        _host = new TestHost(directory, settings);
        _demo = _host.Client(TestHost.DemoToken);
        _admin = _host.Client();
    }

    private void Stop()
    {
        _demo.Dispose();
        _admin.Dispose();
        _host.Dispose();
        if (_keptDirectory is not null)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try
            {
                TestHost.DeleteDirectory(_keptDirectory);
            }
            catch (IOException)
            {
                // a file still held open; the temp folder is cleaned eventually
            }

            _keptDirectory = null;
        }
    }

    /// <summary>Stops the host but keeps its directory, and starts another on it.</summary>
    private void Restart(bool stateFile)
    {
        _demo.Dispose();
        _admin.Dispose();
        _host.Dispose();
        Start(_keptDirectory, stateFile);
    }

    private SnapshotScheduleTriggers Triggers() => _host.Services.GetRequiredService<SnapshotScheduleTriggers>();

    private static string SchedulePath(string share) => $"/v2/sharehost/shares/{share}/snapshot-schedule";

    private Task<ApiClient.Response> PutScheduleAsync(string share, string cron, int retention) =>
        _demo.PutAsync(SchedulePath(share), new { snapshot_schedule = new { cron_expression = cron, retention } });

    private async Task DeleteScheduleAsync(string share) =>
        Assert.That((await _demo.DeleteAsync(SchedulePath(share))).Status, Is.EqualTo(HttpStatusCode.NoContent));

    /// <summary>Runs the schedule now and waits until its snapshot and deletes are done; returns the new snapshot's id.</summary>
    private async Task<string> RunAndSettleAsync(string share)
    {
        var before = await _demo.SnapshotIdsAsync(share);
        var run = await _admin.PostAsync(SchedulePath(share) + "/run", null);
        Assert.That(run.Status, Is.EqualTo(HttpStatusCode.Accepted), run.Body);
        await _host.IdleAsync();
        var taken = (await _demo.SnapshotIdsAsync(share)).Except(before).Single();
        await _demo.WaitForSnapshotAsync(taken, "available");
        return taken;
    }

    private async Task<string?> LastResultAsync(string share) =>
        (await _demo.GetAsync(SchedulePath(share))).Json["snapshot_schedule"]?["last_result"]?.GetValue<string>();

    /// <summary>Polls (bounded: 20 s) until the condition holds.</summary>
    private static async Task<bool> WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            if (await condition())
            {
                return true;
            }

            await Task.Delay(100);
        }

        return false;
    }
}
