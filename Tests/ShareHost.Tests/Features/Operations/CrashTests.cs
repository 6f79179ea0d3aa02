using ShareHost.Tests.Infrastructure;

namespace ShareHost.Tests.Features.Operations;

/// <summary>
/// A real crash: the host process is killed with SIGKILL while shares are being created, and a new process on the
/// same database and backend state finishes every one of them exactly once.
/// </summary>
// Alone: real processes killed inside a timed window, which other fixtures' load must not stretch.
[NonParallelizable]
public sealed class CrashTests
{
    private string _directory = null!;
    private HostProcess? _first;
    private HostProcess? _second;

    private string Database => Path.Combine(_directory, "sharehost.db");

    private string DataDirectory => Path.Combine(_directory, "data");

    [SetUp]
    public void SetUp()
    {
        _directory = TestHost.NewDirectory();
        TestHost.CopyPlugins(Path.Combine(_directory, "plugins"));
    }

    [TearDown]
    public void TearDown()
    {
        _first?.Dispose();
        _second?.Dispose();
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
    public async Task Kill_WhileSharesAreCreating_RestartMakesEveryShareAvailableExactlyOnce()
    {
        _first = await HostProcess.StartAsync(_directory, Settings(createLatencyMs: 2000, maxConcurrent: 1));
        var ids = new List<string>();
        Dictionary<string, string> statusesAtKill;
        using (var admin = _first.Client())
        {
            for (var i = 0; i < 10; i++)
            {
                ids.Add(await admin.CreateShareAsync(name: $"crash-{i}"));
            }

            statusesAtKill = await StatusesOnceSomeAreAvailableAsync(admin);
            _first.Kill();
        }

        _second = await HostProcess.StartAsync(_directory, Settings(createLatencyMs: 20, maxConcurrent: 64));
        using var again = _second.Client();
        foreach (var id in ids)
        {
            await again.WaitForShareAsync(id, "available");
        }

        await WaitForNoOperationsAsync();

        Assert.That(statusesAtKill.Values, Has.Some.EqualTo("creating"), "the kill must land while shares are still being created");
        Assert.That(_second.HasExited, Is.False, _second.Output);
        await RestartState.AssertEveryShareAvailableExactlyOnceAsync(again, Database, DataDirectory, ids);
    }

    [Test]
    public async Task Kill_WhileADeleteIsRunning_RestartFinishesTheDelete()
    {
        _first = await HostProcess.StartAsync(_directory, Settings(createLatencyMs: 0, deleteLatencyMs: 3000));
        string doomed;
        string kept;
        using (var admin = _first.Client())
        {
            doomed = await admin.CreateShareAsync(name: "doomed");
            kept = await admin.CreateShareAsync(name: "kept");
            await admin.WaitForShareAsync(doomed, "available");
            await admin.WaitForShareAsync(kept, "available");
            await admin.DeleteAsync($"/v2/shares/{doomed}");
            await admin.WaitForShareAsync(doomed, "deleting");
            _first.Kill();
        }

        _second = await HostProcess.StartAsync(_directory, Settings(createLatencyMs: 0, deleteLatencyMs: 20));
        using var again = _second.Client();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while ((await again.GetAsync($"/v2/shares/{doomed}")).Status != System.Net.HttpStatusCode.NotFound)
        {
            Assert.That(DateTime.UtcNow, Is.LessThan(deadline), "the interrupted delete did not finish within 30 s");
            await Task.Delay(50);
        }

        await WaitForNoOperationsAsync();

        await RestartState.AssertEveryShareAvailableExactlyOnceAsync(again, Database, DataDirectory, [kept]);
    }

    private Dictionary<string, string?> Settings(int createLatencyMs, int maxConcurrent = 64, int deleteLatencyMs = 0)
    {
        var settings = HostProcess.Settings(_directory);
        foreach (var (key, value) in RestartState.Settings(_directory, createLatencyMs, deleteLatencyMs, maxConcurrent))
        {
            settings[key] = value;
        }

        return settings;
    }

    /// <summary>The operations table empties once the restarted host has finished what the killed one left.</summary>
    private async Task WaitForNoOperationsAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (await RestartState.OperationCountAsync(Database) > 0)
        {
            Assert.That(DateTime.UtcNow, Is.LessThan(deadline), "operations still recorded 30 s after the restart");
            await Task.Delay(50);
        }
    }

    private static async Task<Dictionary<string, string>> StatusesOnceSomeAreAvailableAsync(ApiClient admin)
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
}
