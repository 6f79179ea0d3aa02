using Microsoft.Extensions.Logging;

namespace ShareHost.Drivers.Local.Processes;

/// <summary>
/// Daemons a previous run left behind (the host was killed before it could stop them): found through their pid
/// files, and by their command lines naming this backend's private configuration files, then stopped.
/// </summary>
internal static class Leftovers
{
    private static readonly HashSet<string> DaemonNames = ["ganesha.nfsd", "dbus-daemon", "smbd"];

    public static async Task StopAsync(IReadOnlyCollection<string> pidFiles, IReadOnlyCollection<string> configFiles, TimeSpan grace, ILogger logger)
    {
        var pids = new HashSet<int>();
        foreach (var file in pidFiles.Where(File.Exists))
        {
            if (int.TryParse(File.ReadAllText(file).Trim(), out var pid) && Mentions(pid, configFiles))
            {
                pids.Add(pid);
            }
        }

        // A pid file may be gone (ganesha removes its own on a clean exit; smbd's folder may have been wiped).
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), out var pid) && pid != Environment.ProcessId && Mentions(pid, configFiles))
            {
                pids.Add(pid);
            }
        }

        foreach (var pid in pids)
        {
            logger.LogWarning("Stopping leftover daemon {Pid} from a previous run: {CommandLine}", pid, Signals.CommandLine(pid));
            Signals.Send(pid, Signals.Terminate);
        }

        var deadline = DateTime.UtcNow + grace;
        while (pids.Any(Signals.IsAlive) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        foreach (var pid in pids.Where(Signals.IsAlive))
        {
            Signals.Send(pid, Signals.Kill);
        }

        deadline = DateTime.UtcNow.AddSeconds(5);
        while (pids.Any(Signals.IsAlive) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        foreach (var file in pidFiles)
        {
            Files.Delete(file);
        }
    }

    /// <summary>Whether the process is one of our daemons (not, say, an editor with the file open) started with one of our files.</summary>
    private static bool Mentions(int pid, IReadOnlyCollection<string> configFiles)
    {
        var commandLine = Signals.CommandLine(pid);
        if (commandLine is null)
        {
            return false;
        }

        var program = Path.GetFileName(commandLine.Split(' ', 2)[0]);
        return DaemonNames.Contains(program) && configFiles.Any(config => commandLine.Contains(config, StringComparison.Ordinal));
    }
}
