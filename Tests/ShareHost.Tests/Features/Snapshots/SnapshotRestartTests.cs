using Microsoft.Data.Sqlite;
using ShareHost.Tests.Infrastructure;

namespace ShareHost.Tests.Features.Snapshots;

/// <summary>
/// A host stopped in the middle of snapshot work and started again on the same database and Dummy journals finishes
/// it: a snapshot being taken becomes available (once on the backend), a revert completes with the snapshot's content.
/// </summary>
public sealed class SnapshotRestartTests
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
    public async Task Restart_WhileASnapshotIsBeingTaken_ItBecomesAvailableOnceOnTheBackend()
    {
        string share;
        string snapshot;
        string statusAtStop;
        using (var first = new TestHost(_directory, Settings("CreateSnapshot", 3000)))
        using (var demo = first.Client(TestHost.DemoToken))
        {
            await first.CreateSnapshotTypeAsync();
            share = await demo.SnapshotableShareAsync();
            snapshot = await demo.CreateSnapshotAsync(share);
            statusAtStop = (await demo.GetAsync($"/v2/snapshots/{snapshot}")).Json["snapshot"]!["status"]!.GetValue<string>();
        }

        using var second = new TestHost(_directory, Settings("CreateSnapshot", 0));
        using var again = second.Client(TestHost.DemoToken);
        await again.WaitForSnapshotAsync(snapshot, "available");
        await second.IdleAsync();
        var record = await second.ShareRecordAsync(share);
        var onBackend = (IReadOnlyList<string>)second.Dummy(record.Backend!).SnapshotsOf(record.InstanceId);

        Assert.That(statusAtStop, Is.EqualTo("creating"), "the first host must stop while the snapshot is being taken");
        Assert.That(onBackend, Is.EqualTo(new[] { (await second.SnapshotRecordAsync(snapshot)).InstanceId }));
    }

    [Test]
    public async Task Restart_WhileAShareIsReverting_TheRevertCompletesWithTheSnapshotsContent()
    {
        string share;
        string snapshot;
        long captured;
        string statusAtStop;
        using (var first = new TestHost(_directory, Settings("RevertToSnapshot", 3000)))
        using (var demo = first.Client(TestHost.DemoToken))
        {
            await first.CreateSnapshotTypeAsync();
            share = await demo.SnapshotableShareAsync();
            captured = await first.WriteAsync(share);
            snapshot = await demo.AvailableSnapshotAsync(share);
            await first.WriteAsync(share);
            await demo.PostAsync($"/v2/shares/{share}/action", new { revert = new { snapshot_id = snapshot } });
            statusAtStop = (await demo.GetAsync($"/v2/shares/{share}")).Json["share"]!["status"]!.GetValue<string>();
        }

        using var second = new TestHost(_directory, Settings("RevertToSnapshot", 0));
        using var again = second.Client(TestHost.DemoToken);
        await again.WaitForShareAsync(share, "available");
        await again.WaitForSnapshotAsync(snapshot, "available");

        Assert.That(statusAtStop, Is.EqualTo("reverting"), "the first host must stop mid-revert");
        Assert.That(await second.ContentVersionAsync(share), Is.EqualTo(captured));
    }

    /// <summary>Both Dummy backends keep a journal; <paramref name="operation"/> takes <paramref name="latencyMs"/>.</summary>
    private static Dictionary<string, string?> Settings(string operation, int latencyMs)
    {
        var settings = new Dictionary<string, string?>();
        foreach (var backend in new[] { "dummy1", "dummy2" })
        {
            settings[$"Backends:{backend}:Options:StateFile"] = "dummy-state.jsonl";
            settings[$"Backends:{backend}:Options:LatencyMs:{operation}"] = latencyMs.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return settings;
    }
}
