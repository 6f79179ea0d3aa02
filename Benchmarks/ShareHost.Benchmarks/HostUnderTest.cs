using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace ShareHost.Benchmarks;

/// <summary>
/// The host as a separate process (the Release build), configured through environment variables, on a free
/// loopback port, with a fresh database. Measuring a separate process keeps the harness out of the host's RSS.
/// </summary>
public sealed class HostUnderTest : IAsyncDisposable
{
    public const string AdminToken = "bench-admin";

    private readonly Process _process;

    private HostUnderTest(Process process, string baseUrl, string directory)
    {
        _process = process;
        BaseUrl = baseUrl;
        Directory = directory;
    }

    public string BaseUrl { get; }

    public string Directory { get; }

    public int ProcessId => _process.Id;

    public static async Task<HostUnderTest> StartAsync(string hostDll, IDictionary<string, string> settings)
    {
        var directory = Path.Combine(Path.GetTempPath(), "sharehost-bench", Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(directory);
        var port = FreePort();
        var baseUrl = $"http://127.0.0.1:{port}";
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(hostDll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(hostDll);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(baseUrl);
        var environment = new Dictionary<string, string>
        {
            ["ShareHost__Database"] = Path.Combine(directory, "sharehost.db"),
            ["ShareHost__DataDirectory"] = Path.Combine(directory, "data"),
            ["Plugins__Path"] = Path.Combine(Path.GetDirectoryName(hostDll)!, "plugins"),
            ["Logging__LogLevel__Default"] = "Warning",
            ["Auth__Tokens__0__Token"] = AdminToken,
            ["Auth__Tokens__0__UserId"] = "bench",
            ["Auth__Tokens__0__ProjectId"] = "bench",
            ["Auth__Tokens__0__Roles__0"] = "admin",
            ["Quotas__Defaults__shares"] = "-1",
            ["Quotas__Defaults__gigabytes"] = "-1",
        };
        foreach (var (key, value) in settings)
        {
            environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start the host");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                Console.Error.WriteLine($"[host] {e.Data}");
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var host = new HostUnderTest(process, baseUrl, directory);
        // Ctrl+C or a TERM signal ends the harness without DisposeAsync: the host goes with it, never left behind.
        AppDomain.CurrentDomain.ProcessExit += (_, _) => host.KillQuietly();
        Console.CancelKeyPress += (_, _) => host.KillQuietly();
        await host.WaitReadyAsync();
        return host;
    }

    /// <summary>Resident set size of the host process, from /proc.</summary>
    public long RssBytes()
    {
        var status = File.ReadAllLines($"/proc/{_process.Id}/status");
        var line = status.First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) * 1024;
    }

    /// <summary>
    /// CPU time the host process has used so far (user + system), from the process itself: a figure that stays
    /// comparable when other work loads the machine, unlike elapsed time.
    /// </summary>
    public TimeSpan CpuTime()
    {
        _process.Refresh();
        return _process.TotalProcessorTime;
    }

    private async Task StopGracefullyAsync(TimeSpan patience)
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        try
        {
            using var signal = Process.Start(new ProcessStartInfo("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]));
            if (signal is not null)
            {
                await signal.WaitForExitAsync();
            }

            using var timeout = new CancellationTokenSource(patience);
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (Exception e) when (e is OperationCanceledException or System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            // Not stopped in time, or no kill(1): the caller kills it.
        }
    }

    private void KillQuietly()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            // Already gone or disposed.
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            // A graceful stop first (as systemd would): the host drains its writers and a runtime trace is flushed.
            await StopGracefullyAsync(TimeSpan.FromSeconds(15));
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }

            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private async Task WaitReadyAsync()
    {
        using var http = new HttpClient();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"the host exited with code {_process.ExitCode}");
            }

            try
            {
                using var response = await http.GetAsync(BaseUrl + "/v2/services", HttpCompletionOption.ResponseHeadersRead);
                if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.OK or HttpStatusCode.NotFound)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("the host did not answer within 60 s");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
