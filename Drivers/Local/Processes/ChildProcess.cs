using System.Diagnostics;
using Microsoft.Extensions.Logging;
using ShareHost.Abstractions;

namespace ShareHost.Drivers.Local.Processes;

/// <summary>
/// A daemon started in the foreground as the host's child, in its own session (through <c>setsid</c>, which execs
/// in place, so the id is the daemon's): a terminal's Ctrl-C reaches the host, not the daemons, and the host
/// decides when they stop.
/// </summary>
internal sealed class ChildProcess : IDisposable
{
    private readonly Process _process;

    private ChildProcess(Process process, string name)
    {
        _process = process;
        Name = name;
        Pid = process.Id;
        Exited = process.WaitForExitAsync();
    }

    public string Name { get; }

    public int Pid { get; }

    /// <summary>Completes when the process has exited.</summary>
    public Task Exited { get; }

    public bool HasExited => Exited.IsCompleted;

    public int? ExitCode => HasExited ? _process.ExitCode : null;

    public static ChildProcess Start(string name, string file, IEnumerable<string> arguments, ILogger logger, IReadOnlyDictionary<string, string>? environment = null)
    {
        var program = Tools.Resolve(file) ?? throw new ShareDriverException($"{file} is not installed");
        var start = new ProcessStartInfo(Tools.Resolve("setsid") ?? throw new ShareDriverException("setsid (util-linux) is not installed"))
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(program);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["LC_ALL"] = "C";
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Log(logger, name, e.Data);
        process.ErrorDataReceived += (_, e) => Log(logger, name, e.Data);
        process.Start();
        // stdin stays open: smbd in the foreground exits when its stdin reaches end of file, which it then does
        // only when the host is gone (even after a SIGKILL of the host).
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        logger.LogDebug("Started {Name} as process {Pid}", name, process.Id);
        return new ChildProcess(process, name);
    }

    /// <summary>SIGTERM, then SIGKILL if the process is still there after <paramref name="grace"/>.</summary>
    public async Task StopAsync(TimeSpan grace)
    {
        if (HasExited)
        {
            return;
        }

        Signals.Send(Pid, Signals.Terminate);
        if (await Task.WhenAny(Exited, Task.Delay(grace)) != Exited)
        {
            Signals.Send(Pid, Signals.Kill);
            await Exited.WaitAsync(TimeSpan.FromSeconds(10));
        }
    }

    public void Dispose() => _process.Dispose();

    private static void Log(ILogger logger, string name, string? line)
    {
        if (!string.IsNullOrWhiteSpace(line))
        {
            logger.LogDebug("{Name}: {Line}", name, line);
        }
    }
}
