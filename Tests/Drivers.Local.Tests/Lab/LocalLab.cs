using System.Net;
using System.Net.Sockets;

namespace ShareHost.Drivers.Local.Tests.Lab;

/// <summary>
/// The machine-level set-up the Local driver tests share: btrfs pools on loop files (truncate + mkfs.btrfs +
/// losetup + mount under a temp folder), a plain folder pool, and the LD_PRELOAD shim that lets a client appear
/// from another 127.0.0.x address. Made once, on first use; <see cref="LabTeardown"/> takes it all down at the end
/// of the run (unmount, detach every loop device attached here, stop leftover daemons, remove test accounts),
/// whatever the tests did.
/// </summary>
public static class LocalLab
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static readonly List<string> Attached = [];
    private static string? _missing;
    private static bool _ready;

    public static string Root { get; } = Path.Combine(Path.GetTempPath(), "sharehost-local-tests", Guid.NewGuid().ToString("N")[..12]);

    /// <summary>Pool A: a btrfs filesystem on a loop file.</summary>
    public static string PoolA => Path.Combine(Root, "pools", "a");

    /// <summary>Pool B: another btrfs filesystem (shares from snapshots of A's shares cross filesystems).</summary>
    public static string PoolB => Path.Combine(Root, "pools", "b");

    /// <summary>A plain folder pool.</summary>
    public static string PoolDir => Path.Combine(Root, "pools", "dir");

    /// <summary>A folder on a filesystem that is not btrfs (for the start-up refusal).</summary>
    public static string NotBtrfs => Path.Combine(Root, "not-btrfs");

    public static string Shim => Path.Combine(Root, "bindsrc.so");

    /// <summary>A libnfs client for files larger than the ~3.9 KB nfs-cp can write over NFSv4 (see Lab/nfsput.c).</summary>
    public static string NfsPut => Path.Combine(Root, "nfs-put");

    /// <summary>Prefix of every CIFS account the tests' drivers create, so the teardown can remove leftovers.</summary>
    public static string UserPrefix { get; } = "sht" + Guid.NewGuid().ToString("N")[..4] + "-";

    /// <summary>Size unit of the tests' drivers: one "GiB" of share size is 8 MiB, so filling a share takes a moment.</summary>
    public const long SizeUnit = 8L << 20;

    public static bool Started { get; private set; }

    /// <summary>
    /// Makes the lab or stops the test: when something is missing, the test is ignored, unless
    /// SHAREHOST_REQUIRE_ALL_TESTS=1 (as ./test.sh and CI set it), where it fails.
    /// </summary>
    public static async Task RequireAsync()
    {
        await Gate.WaitAsync();
        try
        {
            if (!_ready && _missing is null)
            {
                _missing = await MissingAsync();
                if (_missing is null)
                {
                    Started = true;
                    try
                    {
                        await BuildAsync();
                        _ready = true;
                    }
                    catch (Exception e) when (e is InvalidOperationException or IOException)
                    {
                        // Once: every later test fails with the same reason instead of building again.
                        _missing = "a lab, which could not be built: " + e.Message;
                    }
                }
            }
        }
        finally
        {
            Gate.Release();
        }

        if (_missing is not null)
        {
            var message = $"The Local driver tests need {_missing}.";
            if (Environment.GetEnvironmentVariable("SHAREHOST_REQUIRE_ALL_TESTS") == "1")
            {
                Assert.Fail(message + " (SHAREHOST_REQUIRE_ALL_TESTS=1: these tests must run.)");
            }

            Assert.Ignore(message);
        }
    }

    /// <summary>A TCP port free on every address, away from the defaults a lab backend uses.</summary>
    public static int FreePort(params string[] addresses)
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var port = Random.Shared.Next(20000, 40000);
            var listeners = new List<TcpListener>();
            try
            {
                foreach (var address in addresses)
                {
                    var listener = new TcpListener(IPAddress.Parse(address), port);
                    listener.Start();
                    listeners.Add(listener);
                }

                return port;
            }
            catch (SocketException)
            {
                // taken on one of the addresses; try another
            }
            finally
            {
                listeners.ForEach(l => l.Stop());
            }
        }

        throw new InvalidOperationException("no free port found");
    }

    /// <summary>What a killed host leaves: its mounts come off and its folder goes (mount points are immutable while empty).</summary>
    public static async Task RemoveHostFolderAsync(string folder)
    {
        foreach (var mount in File.ReadAllLines("/proc/self/mountinfo").Select(l => l.Split(' ')[4])
                     .Where(m => m.StartsWith(folder + "/", StringComparison.Ordinal)).OrderByDescending(m => m.Length))
        {
            if (!(await Run.ProgramAsync("umount", [mount])).Succeeded)
            {
                await Run.ProgramAsync("umount", ["-l", mount]);
            }
        }

        await Run.ProgramAsync("chattr", ["-R", "-f", "-i", folder]);
        Directory.Delete(folder, recursive: true);
    }

    /// <summary>
    /// Takes the lab down, then fails the run if anything was left: a daemon still running at the end (a test or a
    /// driver did not stop what it started; the teardown killed it), a loop device still attached, a mount still there.
    /// </summary>
    public static async Task TeardownAsync()
    {
        if (!Started)
        {
            return;
        }

        var running = await LabCleanup.TakeDownAsync(Root, UserPrefix, Attached);
        var attached = LabCleanup.LoopDevicesBackedBy(Root);
        var mounted = File.ReadAllLines("/proc/self/mountinfo").Select(l => l.Split(' ')[4]).Where(m => m.StartsWith(Root + "/", StringComparison.Ordinal)).ToList();
        TestContext.Progress.WriteLine($"Local lab taken down: {Attached.Count} loop devices detached; left running at the end: {running.Count}; still attached: {attached.Count}; still mounted: {mounted.Count}");
        if (running.Count + attached.Count + mounted.Count > 0)
        {
            throw new InvalidOperationException(
                $"the Local lab was not left clean: daemons still running at the end [{string.Join(", ", running)}], " +
                $"loop devices still attached [{string.Join(", ", attached)}], mounts [{string.Join(", ", mounted)}]");
        }
    }

    private static async Task<string?> MissingAsync()
    {
        if (!OperatingSystem.IsLinux())
        {
            return "Linux";
        }

        if (!Environment.IsPrivilegedProcess)
        {
            return "root (they mount btrfs pools on loop devices and run ganesha.nfsd and smbd)";
        }

        var tools = new[]
        {
            "btrfs", "mkfs.btrfs", "losetup", "mount", "ganesha.nfsd", "dbus-daemon", "dbus-send", "smbd", "smbclient",
            "smbpasswd", "nfs-cp", "nfs-cat", "nfs-ls", "gcc", "rsync", "useradd",
        };
        var missing = tools.Where(t => Which(t) is null).ToList();
        if (missing.Count > 0)
        {
            return "these programs: " + string.Join(", ", missing)
                + " (apt-get install nfs-ganesha nfs-ganesha-vfs libnfs-utils dbus samba smbclient btrfs-progs rsync gcc)";
        }

        if (!File.ReadAllText("/proc/filesystems").Contains("btrfs", StringComparison.Ordinal))
        {
            return "a kernel with btrfs";
        }

        return await LoopDevices.ProblemAsync();
    }

    private static async Task BuildAsync()
    {
        await LabCleanup.RemoveStaleLabsAsync(Path.GetDirectoryName(Root)!, Root);
        Directory.CreateDirectory(Root);
        LabCleanup.ClaimFolder(Root, UserPrefix);
        Directory.CreateDirectory(PoolDir);
        Directory.CreateDirectory(NotBtrfs);
        await MakeBtrfsAsync("a.img", PoolA, "768M");
        await MakeBtrfsAsync("b.img", PoolB, "384M");
        await Run.CheckedAsync("gcc", "-shared", "-fPIC", "-O2", "-o", Shim, Path.Combine(AppContext.BaseDirectory, "Lab", "bindsrc.c"), "-ldl");
        await Run.CheckedAsync("gcc", "-O2", "-o", NfsPut, Path.Combine(AppContext.BaseDirectory, "Lab", "nfsput.c"), "-l:libnfs.so.13");
    }

    private static async Task MakeBtrfsAsync(string file, string mountPoint, string size)
    {
        var image = Path.Combine(Root, file);
        await Run.CheckedAsync("truncate", "-s", size, image);
        await Run.CheckedAsync("mkfs.btrfs", "-q", image);
        var device = await LoopDevices.AttachAsync(image);
        Attached.Add(device);
        Directory.CreateDirectory(mountPoint);
        await Run.CheckedAsync("mount", "-t", "btrfs", device, mountPoint);
    }

    public static string? Which(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Concat(["/usr/sbin", "/sbin", "/usr/bin", "/bin"])
            .Select(folder => Path.Combine(folder, name))
            .FirstOrDefault(File.Exists);
}
