namespace ShareHost.Drivers.Local.Tests.Lab;

/// <summary>
/// Takes a lab down: daemons whose command lines name its folder, every mount of its loop devices (hosts under test
/// mount shares below their own temp folders) and under its folder, the loop devices, the test accounts, the folder.
/// Also for labs of runs that were killed before their teardown (their owner process is gone), so loop devices do
/// not pile up on a CI machine.
/// </summary>
public static class LabCleanup
{
    private const string OwnerFile = "owner";

    /// <summary>Marks <paramref name="root"/> as this process's lab, with the prefix of the accounts it makes.</summary>
    public static void ClaimFolder(string root, string userPrefix) =>
        File.WriteAllLines(Path.Combine(root, OwnerFile), [Environment.ProcessId.ToString(), userPrefix]);

    /// <summary>Takes down the labs under <paramref name="parent"/> whose owner process no longer runs.</summary>
    public static async Task RemoveStaleLabsAsync(string parent, string current)
    {
        if (!Directory.Exists(parent))
        {
            return;
        }

        foreach (var root in Directory.EnumerateDirectories(parent).Where(d => d != current))
        {
            var owner = Path.Combine(root, OwnerFile);
            var lines = File.Exists(owner) ? File.ReadAllLines(owner) : [];
            if (lines.Length == 2 && int.TryParse(lines[0], out var pid) && !Directory.Exists($"/proc/{pid}"))
            {
                TestContext.Progress.WriteLine($"Removing the lab of a test run that did not finish: {root}");
                await TakeDownAsync(root, lines[1]);
            }
        }
    }

    /// <summary>Takes the lab down; returns the daemons it found still running (and killed), as "name (pid N)".</summary>
    public static async Task<List<string>> TakeDownAsync(string root, string userPrefix, IEnumerable<string>? attached = null)
    {
        var devices = LoopDevicesBackedBy(root).Union(attached ?? []).ToList();
        var mounts = File.ReadAllLines("/proc/self/mountinfo")
            .Select(l => l.Split(' '))
            .Where(f => f[4].StartsWith(root + "/", StringComparison.Ordinal) || devices.Contains(f[Array.IndexOf(f, "-") + 2]))
            .Select(f => f[4].Replace("\\040", " ", StringComparison.Ordinal))
            .OrderByDescending(m => m.Length)
            .ToList();

        // Daemons a failed or killed test left running: their command lines name the lab folder, or the state folder
        // of a host under test whose share mounts (<state>/mnt/<share>) are on the lab's pools.
        var owners = mounts.Where(m => !m.StartsWith(root + "/", StringComparison.Ordinal))
            .Select(m => Path.GetDirectoryName(Path.GetDirectoryName(m)) + "/")
            .Append(root + "/")
            .Distinct()
            .ToList();
        var running = await StopDaemonsAsync(owners);
        foreach (var mount in mounts)
        {
            if (!(await Run.ProgramAsync("umount", [mount], timeout: TimeSpan.FromSeconds(20))).Succeeded)
            {
                await Run.ProgramAsync("umount", ["-l", mount], timeout: TimeSpan.FromSeconds(20));
            }
        }

        foreach (var device in devices)
        {
            await Run.ProgramAsync("losetup", ["-d", device], timeout: TimeSpan.FromSeconds(20));
        }

        var accounts = await Run.ProgramAsync("getent", ["passwd"]);
        foreach (var account in accounts.Output.Split('\n').Select(l => l.Split(':')[0]).Where(a => a.StartsWith(userPrefix, StringComparison.Ordinal)))
        {
            await Run.ProgramAsync("userdel", [account]);
        }

        await Run.ProgramAsync("chattr", ["-R", "-f", "-i", root]);
        try
        {
            Directory.Delete(root, recursive: true);
        }
        catch (IOException)
        {
            // something still busy; the temp folder is cleaned eventually
        }

        return running;
    }

    /// <summary>Loop devices whose backing file is in the folder (from sysfs, so a killed run's devices are found too).</summary>
    public static List<string> LoopDevicesBackedBy(string root) =>
        Directory.EnumerateDirectories("/sys/block", "loop*")
            .Where(d => File.Exists(Path.Combine(d, "loop", "backing_file"))
                && File.ReadAllText(Path.Combine(d, "loop", "backing_file")).Trim().StartsWith(root + "/", StringComparison.Ordinal))
            .Select(d => "/dev/" + Path.GetFileName(d))
            .ToList();

    private static async Task<List<string>> StopDaemonsAsync(IReadOnlyList<string> folders)
    {
        var killed = new List<int>();
        var found = new List<string>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), out var pid) && pid != Environment.ProcessId)
            {
                string commandLine;
                try
                {
                    commandLine = File.ReadAllText(Path.Combine(directory, "cmdline")).Replace('\0', ' ');
                }
                catch (IOException)
                {
                    continue;
                }

                if (folders.Any(f => commandLine.Contains(f, StringComparison.Ordinal)))
                {
                    found.Add($"{commandLine.Split(' ')[0]} (pid {pid})");
                    await Run.ProgramAsync("kill", ["-KILL", pid.ToString()]);
                    killed.Add(pid);
                }
            }
        }

        // Gone (or a zombie) before their mounts are taken off, or the unmounts find them busy.
        for (var i = 0; i < 100 && killed.Any(Running); i++)
        {
            await Task.Delay(50);
        }

        return found;
    }

    private static bool Running(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)] is not ('Z' or 'X');
        }
        catch (IOException)
        {
            return false;
        }
    }
}
