using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using ShareHost.Features.Operations;

namespace ShareHost.Tests.Infrastructure;

/// <summary>
/// A real ShareHost in the test process: real HTTP pipeline, a real SQLite file in a temp folder, and the real
/// Dummy plugin loaded from a plugins folder (copied from the build output, as a vendor would drop it).
/// </summary>
public sealed class TestHost : WebApplicationFactory<Program>
{
    public const string AdminToken = "test-admin";
    public const string DemoToken = "test-demo";
    public const string ReaderToken = "test-reader";
    public const string OtherToken = "test-other";

    private readonly Dictionary<string, string?> _settings;

    public TestHost(string? directory = null, IDictionary<string, string?>? settings = null, bool defaultBackends = true)
    {
        Directory = directory ?? NewDirectory();
        OwnsDirectory = directory is null;
        PluginsPath = Path.Combine(Directory, "plugins");
        if (!System.IO.Directory.Exists(PluginsPath))
        {
            CopyPlugins(PluginsPath);
        }

        _settings = new Dictionary<string, string?>
        {
            ["ShareHost:Database"] = Path.Combine(Directory, "sharehost.db"),
            ["ShareHost:DataDirectory"] = Path.Combine(Directory, "data"),
            ["Plugins:Path"] = PluginsPath,
            ["Logging:LogLevel:Default"] = "Warning",
            ["Jobs:PoolStatsRefreshSeconds"] = "3600",
            // Pool stats are reported once, at start-up (the refresh job is an hour away): a host shared by a whole
            // fixture on a loaded machine can live past Manila's 180 s service_down_time, and its backends would go
            // "down" halfway through. Tests of the down state set their own (0).
            ["ShareHost:ServiceDownTimeSeconds"] = "86400",
        };
        AddToken(_settings, 0, AdminToken, "admin", "adminproject", "admin", "member", "reader");
        AddToken(_settings, 1, DemoToken, "demo", "demoproject", "member", "reader");
        AddToken(_settings, 2, ReaderToken, "auditor", "demoproject", "reader");
        AddToken(_settings, 3, OtherToken, "other", "otherproject", "member", "reader");
        if (defaultBackends)
        {
            DummyBackend(_settings, "dummy1", "az1", "pool-a", 1000);
            DummyBackend(_settings, "dummy2", "az2", "pool-a", 2000);
        }

        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            _settings[key] = value;
        }
    }

    public string Directory { get; }

    public string PluginsPath { get; }

    private bool OwnsDirectory { get; }

    public ApiClient Client(string token = AdminToken, string? version = "2.72") => new(CreateClient(), token, version);

    /// <summary>Waits until every accepted background operation has finished.</summary>
    public async Task IdleAsync()
    {
        var runner = Services.GetRequiredService<OperationRunner>();
        await runner.WhenIdleAsync().WaitAsync(TimeSpan.FromSeconds(30));
    }

    public IConfiguration Configuration => Services.GetRequiredService<IConfiguration>();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && OwnsDirectory)
        {
            DeleteDirectory(Directory);
        }
    }

    /// <summary>
    /// Removes a test's temp folder. A host that was just disposed may still be finishing its shutdown on another
    /// thread (closing the SQLite file, a driver's last state write), so this retries briefly; a folder that stays
    /// busy is left to the OS's temp cleaning rather than failing a test whose assertions all passed.
    /// </summary>
    public static void DeleteDirectory(string path)
    {
        SqliteConnection.ClearAllPools();
        for (var attempt = 0; attempt < 20; attempt++)
        {
            try
            {
                if (System.IO.Directory.Exists(path))
                {
                    System.IO.Directory.Delete(path, recursive: true);
                }

                return;
            }
            catch (IOException)
            {
                Thread.Sleep(100);
            }
            catch (UnauthorizedAccessException)
            {
                Thread.Sleep(100);
            }
        }
    }

    public static string NewDirectory()
    {
        var path = Path.Combine(Path.GetTempPath(), "sharehost-tests", Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(path);
        return path;
    }

    /// <summary>The first-party plugins the host build copied into the test output.</summary>
    public static string BuiltPlugins => Path.Combine(AppContext.BaseDirectory, "plugins");

    public static void CopyPlugins(string destination)
    {
        foreach (var file in System.IO.Directory.GetFiles(BuiltPlugins, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(destination, Path.GetRelativePath(BuiltPlugins, file));
            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target, overwrite: true);
        }
    }

    public static void DummyBackend(IDictionary<string, string?> settings, string name, string zone, string pool, double capacityGb)
    {
        settings[$"Backends:{name}:Driver"] = "Dummy";
        settings[$"Backends:{name}:AvailabilityZone"] = zone;
        settings[$"Backends:{name}:Options:Pools:0:Name"] = pool;
        settings[$"Backends:{name}:Options:Pools:0:TotalCapacityGb"] = capacityGb.ToString(System.Globalization.CultureInfo.InvariantCulture);
        settings[$"Backends:{name}:Options:Addresses:0:Address"] = "127.0.0.1";
    }

    private static void AddToken(Dictionary<string, string?> settings, int index, string token, string user, string project, params string[] roles)
    {
        settings[$"Auth:Tokens:{index}:Token"] = token;
        settings[$"Auth:Tokens:{index}:UserId"] = user;
        settings[$"Auth:Tokens:{index}:ProjectId"] = project;
        for (var i = 0; i < roles.Length; i++)
        {
            settings[$"Auth:Tokens:{index}:Roles:{i}"] = roles[i];
        }
    }
}
