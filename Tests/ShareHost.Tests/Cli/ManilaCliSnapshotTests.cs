using ShareHost.Tests.Infrastructure;

namespace ShareHost.Tests.Cli;

/// <summary>
/// The stock <c>manila</c> CLI against a host process on a loopback port, for snapshots: <c>snapshot-create</c>,
/// <c>snapshot-list</c>, <c>revert-to-snapshot</c>, <c>snapshot-delete</c> (refused while mounted, then
/// <c>snapshot-force-delete</c>), and a share created from a snapshot.
/// </summary>
[NonParallelizable]
public sealed class ManilaCliSnapshotTests
{
    private string _directory = null!;
    private HostProcess _host = null!;
    private ManilaCli _manila = null!;

    [OneTimeSetUp]
    public async Task StartHost()
    {
        ManilaCli.Require();
        _directory = TestHost.NewDirectory();
        TestHost.CopyPlugins(Path.Combine(_directory, "plugins"));
        _host = await HostProcess.StartAsync(_directory, HostProcess.Settings(_directory));
        _manila = new ManilaCli(_host.BaseAddress, TestHost.AdminToken);
        await _manila.OkAsync("type-create", "cli-snap", "false", "--snapshot-support", "true", "--create-share-from-snapshot-support", "true",
            "--revert-to-snapshot-support", "true", "--mount-snapshot-support", "true");
    }

    [OneTimeTearDown]
    public void StopHost()
    {
        _host?.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (_directory is not null && Directory.Exists(_directory))
        {
            TestHost.DeleteDirectory(_directory);
        }
    }

    [Test]
    public async Task Snapshots_CreateListRevertDelete_WorkByNameAndId()
    {
        var share = await AvailableShareAsync("cli-share");

        var created = await _manila.OkAsync("snapshot-create", "cli-share", "--name", "cli-snap-1", "--description", "from the CLI");
        var snapshot = ManilaCli.Field(created, "id")!;
        await WaitForSnapshotAsync(snapshot, "available");
        var listed = await _manila.OkAsync("snapshot-list", "--share-id", share);
        await _manila.OkAsync("revert-to-snapshot", "cli-snap-1");
        var reverted = await _manila.WaitForAsync(share, "status", "available");
        var afterRevert = await WaitForSnapshotAsync(snapshot, "available");
        await _manila.OkAsync("snapshot-delete", snapshot);
        var gone = await WaitForSnapshotGoneAsync(snapshot);

        Assert.Multiple(() =>
        {
            Assert.That(ManilaCli.Field(created, "status"), Is.EqualTo("creating"));
            Assert.That(ManilaCli.Field(created, "share_id"), Is.EqualTo(share));
            Assert.That(listed, Does.Contain(snapshot).And.Contain("cli-snap-1").And.Contain("available"));
            Assert.That(ManilaCli.Field(reverted, "revert_to_snapshot_support"), Is.EqualTo("True"));
            Assert.That(ManilaCli.Field(afterRevert, "name"), Is.EqualTo("cli-snap-1"));
            Assert.That(gone, Is.True, "snapshot-show still finds the deleted snapshot");
        });
    }

    [Test]
    public async Task RevertToSnapshot_NotTheLatest_TheCliReportsTheConflict()
    {
        var share = await AvailableShareAsync("cli-revert");
        var older = ManilaCli.Field(await _manila.OkAsync("snapshot-create", share), "id")!;
        await WaitForSnapshotAsync(older, "available");
        var newer = ManilaCli.Field(await _manila.OkAsync("snapshot-create", share), "id")!;
        await WaitForSnapshotAsync(newer, "available");

        var refused = await _manila.RunAsync("revert-to-snapshot", older);

        Assert.That(refused.ExitCode, Is.Not.Zero);
        Assert.That(refused.Output + refused.Error, Does.Contain("latest").And.Contain("409"));
    }

    [Test]
    public async Task Create_FromSnapshot_TheCliCreatesAShareFromIt()
    {
        var share = await AvailableShareAsync("cli-parent", size: 2);
        var snapshot = ManilaCli.Field(await _manila.OkAsync("snapshot-create", share), "id")!;
        await WaitForSnapshotAsync(snapshot, "available");

        var created = await _manila.OkAsync("create", "NFS", "2", "--snapshot-id", snapshot, "--name", "cli-clone");
        var clone = await _manila.WaitForAsync(ManilaCli.Field(created, "id")!, "status", "available");

        Assert.That(ManilaCli.Field(clone, "snapshot_id"), Is.EqualTo(snapshot));
        Assert.That(ManilaCli.Field(clone, "share_type_name"), Is.EqualTo("cli-snap"));
    }

    [Test]
    public async Task SnapshotDelete_WithALiveMount_TheCliReportsWhyAndForceDeleteRemovesIt()
    {
        var share = await AvailableShareAsync("cli-mounted");
        var snapshot = ManilaCli.Field(await _manila.OkAsync("snapshot-create", share), "id")!;
        await WaitForSnapshotAsync(snapshot, "available");
        using var api = _host.Client();
        var mount = await api.PostAsync($"/v2/snapshots/{snapshot}/action", new { mount = new { client = "192.0.2.95", lease_seconds = 600 } });
        Assert.That(mount.Status, Is.EqualTo(System.Net.HttpStatusCode.OK), mount.Body);

        var refused = await _manila.RunAsync("snapshot-delete", snapshot);
        var kept = await _manila.OkAsync("snapshot-show", snapshot);
        await _manila.OkAsync("snapshot-force-delete", snapshot);
        var gone = await WaitForSnapshotGoneAsync(snapshot);

        Assert.Multiple(() =>
        {
            Assert.That(refused.ExitCode, Is.Not.Zero);
            Assert.That(refused.Output + refused.Error, Does.Contain("1 live mount(s)").And.Contain("400"));
            Assert.That(ManilaCli.Field(kept, "status"), Is.EqualTo("available"));
            Assert.That(gone, Is.True, "snapshot-force-delete removed it");
        });
    }

    private async Task<string> AvailableShareAsync(string name, int size = 1)
    {
        var created = await _manila.OkAsync("create", "NFS", size.ToString(System.Globalization.CultureInfo.InvariantCulture), "--name", name, "--share-type", "cli-snap");
        var id = ManilaCli.Field(created, "id")!;
        await _manila.WaitForAsync(id, "status", "available");
        return id;
    }

    /// <summary>Polls <c>manila snapshot-show</c> until the status is reached (bounded: 30 s).</summary>
    private async Task<string> WaitForSnapshotAsync(string snapshot, string status)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        var last = "";
        while (DateTime.UtcNow < deadline)
        {
            last = await _manila.OkAsync("snapshot-show", snapshot);
            if (ManilaCli.Field(last, "status") == status)
            {
                return last;
            }

            await Task.Delay(200);
        }

        Assert.Fail($"snapshot {snapshot} never became {status}; last:\n{last}");
        return last;
    }

    private async Task<bool> WaitForSnapshotGoneAsync(string snapshot)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if ((await _manila.RunAsync("snapshot-show", snapshot)).ExitCode != 0)
            {
                return true;
            }

            await Task.Delay(200);
        }

        return false;
    }
}
