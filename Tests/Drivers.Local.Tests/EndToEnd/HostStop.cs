using ShareHost.Tests.Infrastructure;

namespace ShareHost.Drivers.Local.Tests.EndToEnd;

/// <summary>Stopping a test host that runs a Local backend, and finding what it left behind.</summary>
public static class HostStop
{
    /// <summary>
    /// Disposes the host, then waits (30 s at most) until no process names its backend's state folder and nothing is
    /// mounted below it. WebApplicationFactory's Dispose can return while the app's own entry-point thread (whose
    /// app.Run() disposes the host once it stops) is still disposing the services, so the driver's stop (daemons
    /// signalled and reaped, mounts taken off) may end a moment after Dispose returns.
    /// </summary>
    public static async Task DisposeAsync(TestHost? host)
    {
        if (host is null)
        {
            return;
        }

        var state = LocalHostSettings.StateDirectory(host.Directory);
        host.Dispose();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while ((Processes(state).Count > 0 || Mounts(state).Count > 0) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }
    }

    /// <summary>Processes (other than the tests') whose command line names the folder, with their names.</summary>
    public static List<string> Processes(string folder) =>
        Directory.EnumerateDirectories("/proc")
            .Where(d => int.TryParse(Path.GetFileName(d), out var pid) && pid != Environment.ProcessId)
            .Select(d => (Directory: d, CommandLine: Read(Path.Combine(d, "cmdline")).Replace('\0', ' ')))
            .Where(p => p.CommandLine.Contains(folder + "/", StringComparison.Ordinal) && !p.CommandLine.Contains("dotnet", StringComparison.Ordinal))
            .Select(p => $"{Read(Path.Combine(p.Directory, "comm")).Trim()} (pid {Path.GetFileName(p.Directory)})")
            .ToList();

    /// <summary>Mount points below the folder.</summary>
    public static List<string> Mounts(string folder) =>
        File.ReadAllLines("/proc/self/mountinfo").Select(l => l.Split(' ')[4]).Where(m => m.StartsWith(folder + "/", StringComparison.Ordinal)).ToList();

    private static string Read(string file)
    {
        try
        {
            return File.ReadAllText(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return "";
        }
    }
}
