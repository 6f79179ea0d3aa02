using ShareHost.Tests.Features.Replication;
using ShareHost.Tests.Infrastructure;

namespace ShareHost.Tests.Cli;

/// <summary>
/// The stock <c>manila</c> CLI against a host process on a loopback port, for replication: <c>share-replica-create</c>,
/// <c>share-replica-list</c>, <c>share-replica-promote</c>, <c>share-replica-delete</c>.
/// </summary>
[NonParallelizable]
public sealed class ManilaCliReplicaTests
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
        var settings = HostProcess.Settings(_directory);
        foreach (var (key, value) in ReplicaTestSupport.Settings(lagPolls: 1))
        {
            settings[key] = value;
        }

        _host = await HostProcess.StartAsync(_directory, settings);
        _manila = new ManilaCli(_host.BaseAddress, TestHost.AdminToken);
        await _manila.OkAsync("type-create", "cli-replicated", "false", "--extra-specs", "replication_type=readable");
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
    public async Task ShareReplicas_CreateListPromoteDelete_WorkFromTheCli()
    {
        var created = await _manila.OkAsync("create", "NFS", "1", "--name", "cli-replicated-share", "--share-type", "cli-replicated",
            "--availability-zone", "az1");
        var share = ManilaCli.Field(created, "id")!;
        await _manila.WaitForAsync(share, "status", "available");

        var replicaCreated = await _manila.OkAsync("share-replica-create", "cli-replicated-share");
        var replica = ManilaCli.Field(replicaCreated, "id")!;
        await WaitForReplicaAsync(replica, "status", "available");
        var listed = await _manila.OkAsync("share-replica-list", "--share-id", share);
        await _manila.OkAsync("share-replica-promote", replica);
        var promoted = await WaitForReplicaAsync(replica, "replica_state", "active");
        var oldActive = await _manila.OkAsync("share-replica-list", "--share-id", share);
        var demoted = oldActive.Split('\n').Single(l => l.Contains(share, StringComparison.Ordinal) && !l.Contains(replica, StringComparison.Ordinal));
        var demotedId = demoted.Split('|', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)[0];
        await _manila.OkAsync("share-replica-delete", demotedId);
        var gone = await WaitForReplicaGoneAsync(demotedId);

        Assert.Multiple(() =>
        {
            Assert.That(ManilaCli.Field(replicaCreated, "status"), Is.EqualTo("creating"));
            Assert.That(listed, Does.Contain(replica).And.Contain("out_of_sync").And.Contain("active"));
            Assert.That(ManilaCli.Field(promoted, "availability_zone"), Is.EqualTo("az2"));
            Assert.That(demoted, Does.Contain("out_of_sync"));
            Assert.That(gone, Is.True, "share-replica-show still finds the deleted replica");
        });
    }

    /// <summary>Polls <c>manila share-replica-show</c> until the field has the value (bounded: 30 s).</summary>
    private async Task<string> WaitForReplicaAsync(string replica, string field, string value)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        var last = "";
        while (DateTime.UtcNow < deadline)
        {
            last = await _manila.OkAsync("share-replica-show", replica);
            if (ManilaCli.Field(last, field) == value)
            {
                return last;
            }

            await Task.Delay(200);
        }

        Assert.Fail($"replica {replica} never had {field} {value}; last:\n{last}");
        return last;
    }

    private async Task<bool> WaitForReplicaGoneAsync(string replica)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if ((await _manila.RunAsync("share-replica-show", replica)).ExitCode != 0)
            {
                return true;
            }

            await Task.Delay(200);
        }

        return false;
    }
}
