using System.Net;
using ShareHost.Drivers.Local.Tests.Lab;
using ShareHost.Tests.Infrastructure;

namespace ShareHost.Drivers.Local.Tests.EndToEnd;

/// <summary>Snapshots through the API (issue 5) on the Local backend: real btrfs snapshots, revert, shares from snapshots.</summary>
public sealed class LocalBackendSnapshotApiTests
{
    private const string SnapshotType = "local-snapshots";
    private TestHost _host = null!;
    private ApiClient _admin = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        await LocalLab.RequireAsync();
        _host = new TestHost(settings: LocalHostSettings.For(), defaultBackends: false);
        _admin = _host.Client();
        var type = await _admin.PostAsync("/v2/types", new Dictionary<string, object>
        {
            ["share_type"] = new Dictionary<string, object>
            {
                ["name"] = SnapshotType,
                ["share_type_access:is_public"] = true,
                ["extra_specs"] = new Dictionary<string, string>
                {
                    ["driver_handles_share_servers"] = "False",
                    ["snapshot_support"] = "True",
                    ["create_share_from_snapshot_support"] = "True",
                    ["revert_to_snapshot_support"] = "True",
                    ["mount_snapshot_support"] = "True",
                },
            },
        });
        Assert.That(type.Status, Is.EqualTo(HttpStatusCode.OK), type.Body);
    }

    [OneTimeTearDown]
    public void Stop()
    {
        _admin?.Dispose();
        _host?.Dispose();
    }

    [Test]
    public async Task Revert_AfterWrites_OldContentBackEverySnapshotKept()
    {
        var (id, folder) = await ShareAsync();
        await File.WriteAllTextAsync(Path.Combine(folder, "v1.txt"), "first");
        var first = await AvailableSnapshotAsync(id);
        await File.WriteAllTextAsync(Path.Combine(folder, "v2.txt"), "second");
        var latest = await AvailableSnapshotAsync(id);
        await File.WriteAllTextAsync(Path.Combine(folder, "v3.txt"), "after the last snapshot");

        var revert = await _admin.PostAsync($"/v2/shares/{id}/action", new { revert = new { snapshot_id = latest } });

        Assert.That(revert.Status, Is.EqualTo(HttpStatusCode.Accepted), revert.Body);
        await WaitAsync($"/v2/shares/{id}", "share", "available");
        Assert.That(Directory.GetFiles(folder).Select(Path.GetFileName), Is.EquivalentTo(new[] { "v1.txt", "v2.txt" }));
        foreach (var snapshot in new[] { first, latest })
        {
            Assert.That((await _admin.GetAsync($"/v2/snapshots/{snapshot}")).Json["snapshot"]!["status"]!.GetValue<string>(), Is.EqualTo("available"));
        }

        Assert.That(Directory.GetDirectories(Path.Combine(LocalLab.PoolA, "snapshots")).Select(Path.GetFileName),
            Has.Some.EndsWith(await SnapshotInstanceAsync(first)).And.Some.EndsWith(await SnapshotInstanceAsync(latest)));
    }

    [Test]
    public async Task CreateShareFromSnapshot_ThroughTheApi_CarriesTheContent()
    {
        var (id, folder) = await ShareAsync();
        await File.WriteAllTextAsync(Path.Combine(folder, "seed.txt"), "from the snapshot");
        var snapshot = await AvailableSnapshotAsync(id);

        var created = await _admin.PostAsync("/v2/shares", new { share = new { size = 1, share_proto = "NFS", snapshot_id = snapshot, share_type = SnapshotType } });

        Assert.That(created.Status, Is.EqualTo(HttpStatusCode.OK), created.Body);
        var copy = created.Json["share"]!["id"]!.GetValue<string>();
        await WaitAsync($"/v2/shares/{copy}", "share", "available");
        var copyFolder = await FolderAsync(copy);
        Assert.That(File.ReadAllText(Path.Combine(copyFolder, "seed.txt")), Is.EqualTo("from the snapshot"));
        File.WriteAllText(Path.Combine(copyFolder, "own.txt"), "the copy is writable and separate");
        Assert.That(File.Exists(Path.Combine(folder, "own.txt")), Is.False);
    }

    [Test]
    public async Task Snapshot_Mountable_ReadOnlyExportLocationAndExport()
    {
        var (id, _) = await ShareAsync();

        var snapshot = await AvailableSnapshotAsync(id);

        var locations = (await _admin.GetAsync($"/v2/snapshots/{snapshot}/export-locations")).Json["share_snapshot_export_locations"]!.AsArray();
        var instance = await SnapshotInstanceAsync(snapshot);
        Assert.That(locations.Select(l => l!["path"]!.GetValue<string>()), Has.Some.EndsWith($"/snapshots/snapshot-{instance}"));
        var export = File.ReadAllText(Path.Combine(LocalHostSettings.StateDirectory(_host.Directory), "nfs", "exports.d", $"snapshot-{instance}.conf"));
        Assert.That(export, Does.Contain($"Pseudo = \"/snapshots/snapshot-{instance}\";"));
        Assert.That(File.ReadAllText("/proc/self/mountinfo").Split('\n').Single(l => l.Contains($"snapshot-{instance} ", StringComparison.Ordinal)), Does.Contain(" ro,"));
    }

    private async Task<(string Id, string Folder)> ShareAsync()
    {
        var id = await _admin.CreateShareAsync(size: 1, protocol: "NFS", type: SnapshotType);
        await WaitAsync($"/v2/shares/{id}", "share", "available");
        return (id, await FolderAsync(id));
    }

    /// <summary>The share's subvolume on the pool the scheduler chose.</summary>
    private async Task<string> FolderAsync(string id)
    {
        var share = (await _admin.GetAsync($"/v2/shares/{id}")).Json["share"]!;
        var pool = share["host"]!.GetValue<string>().Split('#')[1] == "a" ? LocalLab.PoolA : LocalLab.PoolB;
        var instance = (await _admin.GetAsync($"/v2/shares/{id}/instances")).Json["share_instances"]![0]!["id"]!.GetValue<string>();
        return Path.Combine(pool, "shares", $"share-{instance}");
    }

    private async Task<string> AvailableSnapshotAsync(string shareId)
    {
        var response = await _admin.PostAsync("/v2/snapshots", new { snapshot = new { share_id = shareId, force = false } });
        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.Accepted), response.Body);
        var id = response.Json["snapshot"]!["id"]!.GetValue<string>();
        await WaitAsync($"/v2/snapshots/{id}", "snapshot", "available");
        return id;
    }

    private async Task<string> SnapshotInstanceAsync(string snapshotId) =>
        (await _admin.GetAsync($"/v2/snapshot-instances?snapshot_id={snapshotId}")).Json["snapshot_instances"]!.AsArray().Single()!["id"]!.GetValue<string>();

    private async Task WaitAsync(string path, string key, string status)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        var now = "";
        while (DateTime.UtcNow < deadline)
        {
            now = (await _admin.GetAsync(path)).Json[key]!["status"]!.GetValue<string>();
            if (now == status)
            {
                return;
            }

            Assert.That(now, Does.Not.StartWith("error"), (await _admin.GetAsync($"/v2/messages")).Body);
            await Task.Delay(50);
        }

        Assert.Fail($"{path} is '{now}', not '{status}'");
    }
}
