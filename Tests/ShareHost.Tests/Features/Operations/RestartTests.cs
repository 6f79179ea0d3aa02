using System.Net;
using Microsoft.Data.Sqlite;
using ShareHost.Tests.Infrastructure;

namespace ShareHost.Tests.Features.Operations;

/// <summary>
/// A host stopped in the middle of work (in-process: the test host is disposed) and started again on the same
/// database and backend state finishes every operation exactly once.
/// </summary>
public sealed class RestartTests
{
    private string _directory = null!;

    private string Database => Path.Combine(_directory, "sharehost.db");

    private string DataDirectory => Path.Combine(_directory, "data");

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
    public async Task Restart_WhileSharesAreCreating_EveryShareBecomesAvailableExactlyOnce()
    {
        var ids = new List<string>();
        Dictionary<string, string> statusesAtStop;
        using (var first = new TestHost(_directory, RestartState.Settings(_directory, createLatencyMs: 2000, maxConcurrent: 1)))
        using (var admin = first.Client())
        {
            for (var i = 0; i < 10; i++)
            {
                ids.Add(await admin.CreateShareAsync(name: $"restart-{i}"));
            }

            statusesAtStop = await WaitUntilSomeAvailableAsync(admin, ids);
        }

        using var second = new TestHost(_directory, RestartState.Settings(_directory, createLatencyMs: 20));
        using var again = second.Client();
        foreach (var id in ids)
        {
            await again.WaitForShareAsync(id, "available");
        }

        await second.IdleAsync();

        Assert.That(statusesAtStop.Values, Has.Some.EqualTo("creating"), "the first host must stop while shares are still being created");
        await RestartState.AssertEveryShareAvailableExactlyOnceAsync(again, Database, DataDirectory, ids);
    }

    [Test]
    public async Task Restart_WhileAShareIsDeleting_DeleteCompletesAndTheBackendNoLongerHoldsIt()
    {
        string doomed;
        string kept;
        string statusAtStop;
        // The delete's driver call waits 30 s (cancelled when the host stops): with 2 s, a host slow to stop on a loaded
        // CI machine let the call finish first, and the test then saw no interrupted delete.
        using (var first = new TestHost(_directory, RestartState.Settings(_directory, createLatencyMs: 0, deleteLatencyMs: 30000)))
        using (var admin = first.Client())
        {
            doomed = await admin.CreateShareAsync(name: "doomed");
            kept = await admin.CreateShareAsync(name: "kept");
            await admin.WaitForShareAsync(doomed, "available");
            await admin.WaitForShareAsync(kept, "available");

            var delete = await admin.DeleteAsync($"/v2/shares/{doomed}");
            Assert.That(delete.Status, Is.EqualTo(HttpStatusCode.Accepted));
            statusAtStop = (await admin.GetAsync($"/v2/shares/{doomed}")).Json["share"]!["status"]!.GetValue<string>();
        }

        var heldWhileStopped = RestartState.DriverInstances(DataDirectory).SelectMany(b => b.Value.Values).ToList();
        using var second = new TestHost(_directory, RestartState.Settings(_directory, createLatencyMs: 0, deleteLatencyMs: 20));
        using var again = second.Client();
        await Until(async () => (await again.GetAsync($"/v2/shares/{doomed}")).Status == HttpStatusCode.NotFound);
        await second.IdleAsync();

        Assert.Multiple(() =>
        {
            Assert.That(statusAtStop, Is.EqualTo("deleting"));
            Assert.That(heldWhileStopped, Does.Contain(doomed), "the interrupted delete had not reached the backend yet");
        });
        await RestartState.AssertEveryShareAvailableExactlyOnceAsync(again, Database, DataDirectory, [kept]);
    }

    [Test]
    public async Task Restart_AfterCleanStop_ReadoptsAvailableSharesWithoutTouchingThem()
    {
        var ids = new List<string>();
        using (var first = new TestHost(_directory, RestartState.Settings(_directory, createLatencyMs: 0)))
        using (var admin = first.Client())
        {
            for (var i = 0; i < 3; i++)
            {
                ids.Add(await admin.CreateShareAsync());
            }

            foreach (var id in ids)
            {
                await admin.WaitForShareAsync(id, "available");
            }
        }

        using var second = new TestHost(_directory, RestartState.Settings(_directory, createLatencyMs: 0));
        using var again = second.Client();
        await second.IdleAsync();

        await RestartState.AssertEveryShareAvailableExactlyOnceAsync(again, Database, DataDirectory, ids);
    }

    /// <summary>Polls until at least two shares are available (so the stop lands between operations), returning the statuses seen last.</summary>
    private static async Task<Dictionary<string, string>> WaitUntilSomeAvailableAsync(ApiClient admin, IReadOnlyList<string> ids)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var statuses = (await admin.GetAsync("/v2/shares/detail")).Json["shares"]!.AsArray()
                .ToDictionary(s => s!["id"]!.GetValue<string>(), s => s!["status"]!.GetValue<string>());
            if (statuses.Values.Count(s => s == "available") >= 2 || DateTime.UtcNow > deadline)
            {
                return statuses;
            }

            await Task.Delay(20);
        }
    }

    private static async Task Until(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!await condition())
        {
            Assert.That(DateTime.UtcNow, Is.LessThan(deadline), "condition not reached within 30 s");
            await Task.Delay(20);
        }
    }
}
