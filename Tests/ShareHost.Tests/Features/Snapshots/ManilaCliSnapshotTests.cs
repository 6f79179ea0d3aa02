using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using ShareHost.Tests.Infrastructure;

namespace ShareHost.Tests.Features.Snapshots;

/// <summary>
/// The stock <c>manila</c> CLI (python-manilaclient) against a real host process on a loopback port:
/// <c>snapshot-create</c>, <c>snapshot-list</c>, <c>revert-to-snapshot</c>, <c>snapshot-delete</c>.
/// </summary>
public sealed partial class ManilaCliSnapshotTests
{
    private const string Cli = "/usr/bin/manila";

    private string _directory = null!;
    private HostProcess? _host;

    [SetUp]
    public void SetUp()
    {
        if (!File.Exists(Cli))
        {
            if (Environment.GetEnvironmentVariable("SHAREHOST_REQUIRE_ALL_TESTS") == "1")
            {
                Assert.Fail($"{Cli} is missing (install python3-manilaclient) and SHAREHOST_REQUIRE_ALL_TESTS=1");
            }

            Assert.Ignore($"{Cli} is missing (install python3-manilaclient)");
        }

        _directory = TestHost.NewDirectory();
        TestHost.CopyPlugins(Path.Combine(_directory, "plugins"));
    }

    [TearDown]
    public void TearDown()
    {
        _host?.Dispose();
        if (_directory is null)
        {
            return;
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // a file still held open; the temp folder is cleaned eventually
        }
    }

    [Test]
    public async Task ManilaCli_SnapshotCreateListRevertDelete_WorkAgainstShareHost()
    {
        _host = await HostProcess.StartAsync(_directory, HostProcess.Settings(_directory));
        using var api = _host.Client();
        var type = await api.PostAsync("/v2/types", new
        {
            share_type = new
            {
                name = "snap",
                extra_specs = new Dictionary<string, string>(SnapshotTestSupport.AllSnapshotSpecs) { ["driver_handles_share_servers"] = "False" },
            },
        });
        Assert.That(type.Status, Is.EqualTo(HttpStatusCode.OK), type.Body);
        var share = await api.CreateShareAsync(size: 1, type: "snap", name: "cli-share");
        await api.WaitForShareAsync(share, "available");

        var created = await ManilaAsync("snapshot-create", share, "--name", "cli-snap");
        var snapshot = IdRow().Match(created.Output).Groups[1].Value;
        await api.WaitForSnapshotAsync(snapshot, "available");
        var listed = await ManilaAsync("snapshot-list", "--share-id", share);
        var reverted = await ManilaAsync("revert-to-snapshot", snapshot);
        await api.WaitForShareAsync(share, "available");
        await api.WaitForSnapshotAsync(snapshot, "available");
        var deleted = await ManilaAsync("snapshot-delete", snapshot);
        await api.WaitForSnapshotGoneAsync(snapshot);

        Assert.Multiple(() =>
        {
            Assert.That(created.ExitCode, Is.Zero, created.Output);
            Assert.That(snapshot, Does.Match("^[0-9a-f-]{36}$"), created.Output);
            Assert.That(created.Output, Does.Contain("cli-snap"));
            Assert.That(listed.ExitCode, Is.Zero, listed.Output);
            Assert.That(listed.Output, Does.Contain(snapshot).And.Contain("available").And.Contain("cli-snap"));
            Assert.That(reverted.ExitCode, Is.Zero, reverted.Output);
            Assert.That(deleted.ExitCode, Is.Zero, deleted.Output);
        });
    }

    [Test]
    public async Task ManilaCli_RevertToAnOlderSnapshot_PrintsTheConflict()
    {
        _host = await HostProcess.StartAsync(_directory, HostProcess.Settings(_directory));
        using var api = _host.Client();
        await api.PostAsync("/v2/types", new
        {
            share_type = new { name = "snap", extra_specs = new Dictionary<string, string>(SnapshotTestSupport.AllSnapshotSpecs) { ["driver_handles_share_servers"] = "False" } },
        });
        var share = await api.CreateShareAsync(size: 1, type: "snap");
        await api.WaitForShareAsync(share, "available");
        var older = await api.AvailableSnapshotAsync(share);
        await api.AvailableSnapshotAsync(share);

        var reverted = await ManilaAsync("revert-to-snapshot", older);

        Assert.That(reverted.ExitCode, Is.Not.Zero);
        Assert.That(reverted.Output, Does.Contain("latest").And.Contain("409"));
    }

    private async Task<(int ExitCode, string Output)> ManilaAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo(Cli)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("--os-token");
        start.ArgumentList.Add(TestHost.AdminToken);
        start.ArgumentList.Add("--bypass-url");
        start.ArgumentList.Add(new Uri(_host!.BaseAddress, "v2").ToString());
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var variable in start.Environment.Keys.Where(k => k.StartsWith("OS_", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(variable);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output + await error);
    }

    /// <summary>The <c>| id | … |</c> row of the client's property table.</summary>
    [GeneratedRegex(@"\|\s*id\s*\|\s*([0-9a-f-]{36})\s*\|")]
    private static partial Regex IdRow();
}
