using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace ShareHost.Tests.Infrastructure;

/// <summary>
/// The built host (ShareHost.dll in the test output) as a real child process on a free loopback port, configured
/// only through environment variables (<c>ShareHost__Database</c>, <c>Plugins__Path</c>, <c>Backends__…</c>), so a
/// test can kill it with SIGKILL the way a power cut or the OOM killer would, and start another on the same files.
/// </summary>
public sealed class HostProcess : IDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private HostProcess(Process process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public bool HasExited => _process.HasExited;

    /// <summary>Everything the host wrote to stdout and stderr so far, for failure messages.</summary>
    public string Output => string.Join('\n', _output);

    public static string HostAssembly => Path.Combine(AppContext.BaseDirectory, "ShareHost.dll");

    /// <summary>
    /// Starts <c>dotnet ShareHost.dll --urls http://127.0.0.1:&lt;free port&gt;</c> in <paramref name="workingDirectory"/>
    /// (its content root, so no appsettings.json is read) and returns once <c>GET /</c> answers.
    /// </summary>
    /// <param name="workingDirectory">The content root; relative paths in the settings resolve against it.</param>
    /// <param name="settings">Configuration keys as in appsettings (<c>Backends:dummy1:Driver</c>), passed as environment variables.</param>
    public static async Task<HostProcess> StartAsync(string workingDirectory, IReadOnlyDictionary<string, string?> settings)
    {
        var port = FreePort();
        var start = new ProcessStartInfo(DotnetHost())
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(HostAssembly);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add($"http://127.0.0.1:{port}");
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        foreach (var (key, value) in settings)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        var host = new HostProcess(process, new Uri($"http://127.0.0.1:{port}/"));
        process.OutputDataReceived += (_, e) => host.Collect(e.Data);
        process.ErrorDataReceived += (_, e) => host.Collect(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        try
        {
            await host.WaitUntilAnsweringAsync();
        }
        catch
        {
            host.Dispose();
            throw;
        }

        return host;
    }

    /// <summary>
    /// The same world as <see cref="TestHost"/>: a database and data directory under <paramref name="directory"/>, its
    /// plugins folder, the admin token, and the two Dummy backends dummy1/az1 and dummy2/az2.
    /// </summary>
    public static Dictionary<string, string?> Settings(string directory)
    {
        var settings = new Dictionary<string, string?>
        {
            ["ShareHost:Database"] = Path.Combine(directory, "sharehost.db"),
            ["ShareHost:DataDirectory"] = Path.Combine(directory, "data"),
            ["Plugins:Path"] = Path.Combine(directory, "plugins"),
            ["Logging:LogLevel:Default"] = "Warning",
            ["Jobs:PoolStatsRefreshSeconds"] = "3600",
            ["Auth:Tokens:0:Token"] = TestHost.AdminToken,
            ["Auth:Tokens:0:UserId"] = "admin",
            ["Auth:Tokens:0:ProjectId"] = "adminproject",
            ["Auth:Tokens:0:Roles:0"] = "admin",
            ["Auth:Tokens:0:Roles:1"] = "member",
            ["Auth:Tokens:0:Roles:2"] = "reader",
        };
        TestHost.DummyBackend(settings, "dummy1", "az1", "pool-a", 1000);
        TestHost.DummyBackend(settings, "dummy2", "az2", "pool-a", 2000);
        return settings;
    }

    /// <summary>An API client for this host (the caller disposes it).</summary>
    public ApiClient Client(string token = TestHost.AdminToken, string? version = "2.72") =>
        new(new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) }, token, version);

    /// <summary>SIGKILL, no shutdown of any kind: nothing the host does on a clean stop runs.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        if (!_process.WaitForExit(TimeSpan.FromSeconds(30)))
        {
            throw new InvalidOperationException($"host process {_process.Id} did not exit within 30 s of SIGKILL");
        }
    }

    public void Dispose()
    {
        try
        {
            Kill();
        }
        catch (InvalidOperationException)
        {
            // never started or already reaped
        }

        _process.Dispose();
    }

    private async Task WaitUntilAnsweringAsync()
    {
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + StartTimeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"the host exited with code {_process.ExitCode} before answering:\n{Output}");
            }

            try
            {
                using var response = await http.GetAsync("/");
                if (response.StatusCode is HttpStatusCode.MultipleChoices or HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // not listening yet
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"the host did not answer GET / within {StartTimeout.TotalSeconds} s:\n{Output}");
    }

    private void Collect(string? line)
    {
        if (line is null)
        {
            return;
        }

        _output.Enqueue(line);
        while (_output.Count > 2000 && _output.TryDequeue(out _))
        {
        }
    }

    /// <summary>The dotnet executable running these tests (the CLI sets DOTNET_HOST_PATH for its children).</summary>
    private static string DotnetHost()
    {
        if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } hostPath && File.Exists(hostPath))
        {
            return hostPath;
        }

        var current = Environment.ProcessPath;
        return current is not null && Path.GetFileNameWithoutExtension(current) == "dotnet" ? current : "dotnet";
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
