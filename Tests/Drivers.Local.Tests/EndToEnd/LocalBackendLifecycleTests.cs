using System.Net;
using ShareHost.Drivers.Local.Tests.Lab;
using ShareHost.Tests.Infrastructure;

namespace ShareHost.Drivers.Local.Tests.EndToEnd;

/// <summary>The Local backend's life inside real hosts: down with a reason, daemons stopped with the host, re-adopted after a crash.</summary>
[NonParallelizable]
public sealed class LocalBackendLifecycleTests
{
    [OneTimeSetUp]
    public async Task RequireLabAsync() => await LocalLab.RequireAsync();

    [Test]
    public async Task Start_PoolMissing_BackendDownWithReasonHostServing()
    {
        var options = LocalHostSettings.BtrfsOnly();
        options["Pools:1:Path"] = Path.Combine(LocalLab.Root, "not-there");
        using var host = new TestHost(settings: LocalHostSettings.For(options), defaultBackends: false);
        using var admin = host.Client();

        var services = await admin.GetAsync("/v2/services?binary=manila-share");

        Assert.That(services.Status, Is.EqualTo(HttpStatusCode.OK), services.Body);
        var service = services.Json["services"]!.AsArray().Single()!;
        Assert.That(service["state"]!.GetValue<string>(), Is.EqualTo("down"));
        Assert.That(service["state_reason"]!.GetValue<string>(), Does.Contain("pool 'b'").And.Contain("does not exist"));
        var create = await admin.PostAsync("/v2/shares", new { share = new { size = 1, share_proto = "NFS" } });
        Assert.That((int)create.Status, Is.LessThan(500), create.Body);
    }

    [Test]
    public async Task HostStopped_NoDaemonLeftBehindAndMountsOff()
    {
        var host = new TestHost(settings: LocalHostSettings.For(), defaultBackends: false);
        var stateDirectory = LocalHostSettings.StateDirectory(host.Directory);
        try
        {
            using var admin = host.Client();
            var id = await admin.CreateShareAsync(size: 1, protocol: "CIFS");
            await WaitAvailableAsync(admin, id);
            Assert.That(Daemons(stateDirectory), Has.Count.GreaterThanOrEqualTo(5), "ganesha and dbus-daemon per address, smbd");
            Assert.That(HostStop.Mounts(stateDirectory), Is.Not.Empty);
        }
        finally
        {
            await HostStop.DisposeAsync(host);
        }

        Assert.That(HostStop.Processes(stateDirectory), Is.Empty);
        Assert.That(HostStop.Mounts(stateDirectory), Is.Empty);
    }

    [Test]
    public async Task HostKilled_NextHostStopsLeftoversAndServesTheShareAgain()
    {
        var directory = TestHost.NewDirectory();
        TestHost.CopyPlugins(Path.Combine(directory, "plugins"));
        var settings = HostProcess.Settings(directory);
        foreach (var key in settings.Keys.Where(k => k.StartsWith("Backends:", StringComparison.Ordinal)).ToList())
        {
            settings.Remove(key);
        }

        foreach (var (key, value) in LocalHostSettings.For())
        {
            settings[key] = value;
        }

        var stateDirectory = LocalHostSettings.StateDirectory(directory);
        string id;
        List<int> before;
        List<int> samba;
        int hostPid;
        using (var first = await HostProcess.StartAsync(directory, settings))
        {
            using var admin = first.Client();
            id = await admin.CreateShareAsync(size: 1, protocol: "NFS");
            await WaitAvailableAsync(admin, id);
            before = Daemons(stateDirectory).Where(d => Comm(d) is "ganesha.nfsd" or "dbus-daemon").Select(Pid).ToList();
            samba = Daemons(stateDirectory).Where(d => Comm(d) == "smbd").Select(Pid).ToList();

            // SIGKILL of the host process alone, as the OOM killer would. Wait until it is reaped, not merely until its
            // main thread shows as a zombie: while its other threads are still exiting, its children are still its
            // children, and HostProcess.Dispose at the end of this block (Kill(entireProcessTree)) would find and kill
            // them. That was why the daemons sometimes "died with the host" here (2 runs in 8): the test killed them.
            hostPid = ParentOf(before[0]);
            await Run.CheckedAsync("kill", "-KILL", hostPid.ToString());
            for (var i = 0; i < 600 && !first.HasExited; i++)
            {
                await Task.Delay(50);
            }

            Assert.That(first.HasExited, Is.True, "the killed host was not reaped within 30 s");
        }

        Assert.That(before, Has.Count.EqualTo(4));
        Assert.That(before.Where(IsAlive).ToList(), Is.EqualTo(before),
            "ganesha.nfsd and its dbus-daemon outlive a SIGKILL of the host (they keep serving until the next host stops them)");
        Assert.That(before.Select(ParentOf), Has.None.EqualTo(hostPid), "the daemons were handed to another parent");
        Assert.That(samba, Is.Not.Empty);
        for (var i = 0; i < 200 && samba.Any(IsAlive); i++)
        {
            await Task.Delay(50);
        }

        Assert.That(samba.Where(IsAlive), Is.Empty, "smbd in the foreground exits when its stdin (a pipe from the host) reaches end of file");

        using (var second = await HostProcess.StartAsync(directory, settings))
        {
            using var admin = second.Client();
            var share = (await admin.GetAsync($"/v2/shares/{id}")).Json["share"]!;
            var instance = (await admin.GetAsync($"/v2/shares/{id}/instances")).Json["share_instances"]![0]!["id"]!.GetValue<string>();
            var after = Daemons(stateDirectory).Where(d => Comm(d) is "ganesha.nfsd" or "dbus-daemon").Select(Pid).ToList();

            Assert.That(before.Any(IsAlive), Is.False, "the second host stops the first one's daemons");
            Assert.That(after, Has.Count.EqualTo(4));
            Assert.That(share["status"]!.GetValue<string>(), Is.EqualTo("available"));
            Assert.That(File.ReadAllText("/proc/self/mountinfo"), Does.Contain($"share-{instance}"));
            var exports = await Run.ProgramAsync("dbus-send",
                ["--system", "--print-reply", "--dest=org.ganesha.nfsd", "/org/ganesha/nfsd/ExportMgr", "org.ganesha.nfsd.exportmgr.ShowExports"],
                new Dictionary<string, string> { ["DBUS_SYSTEM_BUS_ADDRESS"] = $"unix:path={Path.Combine(stateDirectory, "nfs", DriverHarness.Second, "bus.sock")}" });
            Assert.That(exports.Output, Does.Contain($"/mnt/share-{instance}"), exports.All);
            second.Kill();
        }

        // The second host was killed too: clean up after it as the next start would, then remove its folder.
        foreach (var pid in Daemons(stateDirectory).Select(Pid))
        {
            await Run.ProgramAsync("kill", ["-TERM", pid.ToString()]);
        }

        await LocalLab.RemoveHostFolderAsync(directory);
    }

    private static async Task WaitAvailableAsync(ApiClient admin, string id)
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (DateTime.UtcNow < deadline)
        {
            var status = (await admin.GetAsync($"/v2/shares/{id}")).Json["share"]!["status"]!.GetValue<string>();
            if (status == "available")
            {
                return;
            }

            Assert.That(status, Does.Not.StartWith("error"), (await admin.GetAsync($"/v2/messages?resource_id={id}")).Body);
            await Task.Delay(100);
        }

        Assert.Fail($"share {id} did not become available");
    }

    private static List<string> Daemons(string stateDirectory) =>
        Directory.EnumerateDirectories("/proc").Where(d =>
        {
            try
            {
                var commandLine = File.ReadAllText(Path.Combine(d, "cmdline")).Replace('\0', ' ');
                return commandLine.Contains(stateDirectory, StringComparison.Ordinal) && Comm(d) is "ganesha.nfsd" or "dbus-daemon" or "smbd";
            }
            catch (IOException)
            {
                return false;
            }
        }).ToList();

    private static string Comm(string procDirectory)
    {
        try
        {
            return File.ReadAllText(Path.Combine(procDirectory, "comm")).Trim();
        }
        catch (IOException)
        {
            return "";
        }
    }

    private static int Pid(string procDirectory) => int.Parse(Path.GetFileName(procDirectory));

    private static int ParentOf(int pid) => int.Parse(File.ReadAllText($"/proc/{pid}/stat").Split(") ")[1].Split(' ')[1]);

    private static bool IsAlive(int pid)
    {
        try
        {
            return !File.ReadAllText($"/proc/{pid}/stat").Split(") ")[1].StartsWith('Z');
        }
        catch (IOException)
        {
            return false;
        }
    }
}
