using ShareHost.Abstractions;
using ShareHost.Drivers.Local.Tests.Lab;
using static ShareHost.Drivers.Local.Tests.Lab.DriverHarness;

namespace ShareHost.Drivers.Local.Tests.Driver;

/// <summary>Start-up refusals with reasons, re-adoption after a restart, leftovers of a crashed run, nothing left behind.</summary>
public sealed class LifecycleTests
{
    [OneTimeSetUp]
    public async Task RequireLabAsync() => await LocalLab.RequireAsync();

    [Test]
    public async Task Initialize_PoolPathMissing_RefusedWithReason()
    {
        var options = DefaultOptions();
        options["Pools:0:Path"] = Path.Combine(LocalLab.Root, "no-such-pool");

        var error = Assert.ThrowsAsync<ShareDriverException>(() => DriverHarness.StartAsync(options));

        Assert.That(error!.Message, Does.Contain("pool 'a'").And.Contain("does not exist"));
        AssertNoDaemonsFor(options);
    }

    [Test]
    public async Task Initialize_PoolNotOnBtrfs_RefusedWithReason()
    {
        var options = DefaultOptions();
        options["Pools:0:Path"] = LocalLab.NotBtrfs;

        var error = Assert.ThrowsAsync<ShareDriverException>(() => DriverHarness.StartAsync(options));

        Assert.That(error!.Message, Does.Contain("is not on a btrfs filesystem"));
        await Task.CompletedTask;
    }

    [TestCase("Pools:0:Type", "zfs", "Type 'zfs'")]
    [TestCase("Addresses:0", "10.0.0.300", "not an IPv4 address")]
    [TestCase("StorageProtocols:0", "GlusterFS", "not GLUSTERFS")]
    [TestCase("UserPrefix", "Bad Prefix", "UserPrefix")]
    public void Initialize_BadOptions_RefusedNamingTheSetting(string key, string value, string expected)
    {
        var options = DefaultOptions();
        options[key] = value;

        var error = Assert.ThrowsAsync<ShareDriverException>(() => DriverHarness.StartAsync(options));

        Assert.That(error!.Message, Does.Contain(expected));
    }

    [Test]
    public async Task Initialize_PortTaken_RefusedAndNothingLeftRunning()
    {
        var options = DefaultOptions();
        using var squatter = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Parse(Second), int.Parse(options["NfsPort"]!));
        squatter.Start();

        var error = Assert.ThrowsAsync<ShareDriverException>(() => DriverHarness.StartAsync(options));

        Assert.That(error!.Message, Does.Contain("ganesha.nfsd 127.0.0.2"));
        await Task.Delay(100);
        AssertNoDaemonsFor(options);
    }

    [Test]
    public async Task Restart_SharesRemountedReexportedAndUsersKept()
    {
        await using var lab = await DriverHarness.StartAsync();
        var nfs = Share();
        var cifs = Share(protocol: "CIFS");
        var nfsPath = (await lab.Driver.CreateShareAsync(nfs, CancellationToken.None)).ExportLocations[0].Path;
        await lab.Driver.CreateShareAsync(cifs, CancellationToken.None);
        await lab.AllowAsync(nfs, Rule("ip", "127.0.0.1"));
        var key = (await lab.AllowAsync(cifs, Rule("user", "henry"))).Single().AccessKey!;
        await Clients.NfsWriteAsync(First, lab.NfsPort, nfsPath, "kept.txt", "across restarts");
        var snapshot = Snapshot(nfs);
        await lab.Driver.CreateSnapshotAsync(snapshot, CancellationToken.None);

        await lab.Driver.DisposeAsync();
        var stopped = File.ReadAllText("/proc/self/mountinfo");
        AssertNoDaemonsFor(lab.StateDirectory);
        await lab.RestartAsync();
        var ensured = await lab.Driver.EnsureSharesAsync([nfs, cifs], CancellationToken.None);

        Assert.That(stopped, Does.Not.Contain(nfs.Name), "export mounts come off when the driver stops");
        Assert.That(ensured.Select(e => e.Status), Is.All.EqualTo(EnsureStatus.Available));
        Assert.That(ensured.Single(e => e.Id == nfs.Id).ExportLocations!.Single().Path, Is.EqualTo(nfsPath));
        Assert.That((await Clients.NfsReadAsync(Second, lab.NfsPort, nfsPath, "kept.txt")).Output, Is.EqualTo("across restarts"));
        var smb = await Clients.SmbAsync(First, lab.CifsPort, cifs.Name, "henry", key, "ls");
        Assert.That(Clients.SmbFailed(smb), Is.False, smb.All);
        Assert.That(File.ReadAllText("/proc/self/mountinfo"), Does.Contain(snapshot.Name), "snapshots are mounted again too");
    }

    [Test]
    public async Task EnsureShares_DataGone_NotFoundWithMessage()
    {
        await using var lab = await DriverHarness.StartAsync();
        var share = Share();
        await lab.Driver.CreateShareAsync(share, CancellationToken.None);
        await lab.Driver.DeleteShareAsync(share, CancellationToken.None);

        var ensured = (await lab.Driver.EnsureSharesAsync([share], CancellationToken.None)).Single();

        Assert.That(ensured.Status, Is.EqualTo(EnsureStatus.NotFound));
        Assert.That(ensured.Message, Does.Contain("missing"));
    }

    [Test]
    public async Task Initialize_LeftoversOfACrashedRun_StoppedAndReplaced()
    {
        var options = DefaultOptions();
        var state = Path.Combine(LocalLab.Root, "state-crash-" + Guid.NewGuid().ToString("N")[..6]);
        var first = await DriverHarness.InitializeAsync(options, state);
        await first.DisposeAsync();
        // A crashed host leaves its daemons running: start them again from the files it wrote, as it had.
        var instance = Path.Combine(state, "nfs", First);
        var bus = await Run.CheckedAsync("setsid", "-f", "dbus-daemon", "--fork", "--print-pid", "--nopidfile", $"--config-file={Path.Combine(instance, "dbus.conf")}");
        var busPid = int.Parse(bus.Output.Trim());
        await File.WriteAllTextAsync(Path.Combine(instance, "dbus.pid"), busPid + "\n");
        await Run.CheckedAsync("setsid", "-f", "ganesha.nfsd", "-f", Path.Combine(instance, "ganesha.conf"), "-L", Path.Combine(instance, "leftover.log"), "-p", Path.Combine(instance, "ganesha.pid"));
        var ganeshaPid = await EventuallyPidAsync(Path.Combine(instance, "ganesha.pid"));

        await using var second = new DriverHarnessScope(await DriverHarness.InitializeAsync(options, state));

        Assert.That(Alive(busPid), Is.False, "the leftover dbus-daemon must be stopped");
        Assert.That(Alive(ganeshaPid), Is.False, "the leftover ganesha.nfsd must be stopped");
        Assert.That(second.Driver.Nfs!.Find(First)!.Pid, Is.Not.EqualTo(ganeshaPid));
        var daemons = DaemonsFor(state).Select(d => File.ReadAllText(Path.Combine(d, "comm")).Trim()).ToList();
        Assert.That(daemons.Count(d => d == "ganesha.nfsd"), Is.EqualTo(2), "one ganesha.nfsd per address: " + string.Join(", ", daemons));
        Assert.That(daemons.Count(d => d == "dbus-daemon"), Is.EqualTo(2), "one private bus per ganesha.nfsd");
    }

    private static async Task<int> EventuallyPidAsync(string file)
    {
        for (var i = 0; i < 100; i++)
        {
            if (File.Exists(file) && int.TryParse((await File.ReadAllTextAsync(file)).Trim(), out var pid))
            {
                return pid;
            }

            await Task.Delay(50);
        }

        throw new InvalidOperationException($"{file} never appeared");
    }

    private static bool Alive(int pid) => File.Exists($"/proc/{pid}/cmdline") && !File.ReadAllText($"/proc/{pid}/stat").Contains(") Z", StringComparison.Ordinal);

    private static void AssertNoDaemonsFor(Dictionary<string, string?> options) =>
        Assert.That(Directory.EnumerateDirectories("/proc").Count(d => Mentions(d, $":{options["NfsPort"]}")), Is.Zero);

    private static void AssertNoDaemonsFor(string stateDirectory) => Assert.That(DaemonsFor(stateDirectory), Is.Empty);

    /// <summary>Daemons whose command line names a file in the state directory.</summary>
    private static List<string> DaemonsFor(string stateDirectory) =>
        Directory.EnumerateDirectories("/proc").Where(d => Mentions(d, stateDirectory)).ToList();

    private static bool Mentions(string procDirectory, string text)
    {
        try
        {
            var commandLine = File.ReadAllText(Path.Combine(procDirectory, "cmdline")).Replace('\0', ' ');
            return commandLine.Contains(text, StringComparison.Ordinal) && !commandLine.Contains("dotnet", StringComparison.Ordinal);
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }

    private sealed class DriverHarnessScope(LocalDriver driver) : IAsyncDisposable
    {
        public LocalDriver Driver => driver;

        public ValueTask DisposeAsync() => driver.DisposeAsync();
    }
}
