using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using ShareHost.Abstractions;

namespace ShareHost.Drivers.Local.Tests.Lab;

/// <summary>A Local driver on the lab's pools, called directly as the host would, with its own state folder and free ports.</summary>
public sealed class DriverHarness : IAsyncDisposable
{
    public const string First = "127.0.0.1";
    public const string Second = "127.0.0.2";

    private DriverHarness(LocalDriver driver, string stateDirectory, Dictionary<string, string?> options)
    {
        Driver = driver;
        StateDirectory = stateDirectory;
        Options = options;
    }

    public LocalDriver Driver { get; private set; }

    public string StateDirectory { get; }

    public Dictionary<string, string?> Options { get; }

    public int NfsPort => int.Parse(Options["NfsPort"]!);

    public int CifsPort => int.Parse(Options["CifsPort"]!);

    /// <summary>The options the tests use: pools a (btrfs), b (btrfs, another filesystem) and dir, two export addresses.</summary>
    public static Dictionary<string, string?> DefaultOptions() => new()
    {
        ["Pools:0:Name"] = "a",
        ["Pools:0:Path"] = LocalLab.PoolA,
        ["Pools:1:Name"] = "b",
        ["Pools:1:Path"] = LocalLab.PoolB,
        ["Pools:2:Name"] = "dir",
        ["Pools:2:Path"] = LocalLab.PoolDir,
        ["Pools:2:Type"] = "directory",
        ["Addresses:0"] = First,
        ["Addresses:1"] = Second,
        ["NfsPort"] = LocalLab.FreePort(First, Second).ToString(),
        ["CifsPort"] = LocalLab.FreePort(First, Second).ToString(),
        ["UserPrefix"] = LocalLab.UserPrefix,
        ["SizeUnitBytes"] = LocalLab.SizeUnit.ToString(),
        ["HealthCheckSeconds"] = "1",
        ["StopTimeoutSeconds"] = "5",
    };

    /// <summary>
    /// Starts a driver. Backends that replicate to each other need state folders side by side, each named after its
    /// backend (as the host makes them): pass <paramref name="backendName"/> and a <paramref name="stateDirectory"/> ending in it.
    /// </summary>
    public static async Task<DriverHarness> StartAsync(Dictionary<string, string?>? options = null, string? stateDirectory = null, string backendName = "local-test")
    {
        await LocalLab.RequireAsync();
        options ??= DefaultOptions();
        stateDirectory ??= Path.Combine(LocalLab.Root, "state-" + Guid.NewGuid().ToString("N")[..8]);
        var driver = await InitializeAsync(options, stateDirectory, backendName);
        return new DriverHarness(driver, stateDirectory, options) { BackendName = backendName };
    }

    public string BackendName { get; private init; } = "local-test";

    public static async Task<LocalDriver> InitializeAsync(Dictionary<string, string?> options, string stateDirectory, string backendName = "local-test")
    {
        var driver = new LocalDriver();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await driver.InitializeAsync(Context(options, stateDirectory, backendName), timeout.Token);
        }
        catch
        {
            await driver.DisposeAsync();
            throw;
        }

        return driver;
    }

    public static DriverContext Context(Dictionary<string, string?> options, string stateDirectory, string backendName = "local-test") => new()
    {
        BackendName = backendName,
        HostName = "test",
        AvailabilityZone = "az1",
        Options = new ConfigurationBuilder().AddInMemoryCollection(options).Build(),
        Logger = new ProgressLogger(),
        StateDirectory = stateDirectory,
    };

    /// <summary>Stops this driver and starts a new one on the same state, as a host restart does.</summary>
    public async Task RestartAsync()
    {
        await Driver.DisposeAsync();
        Driver = await InitializeAsync(Options, StateDirectory, BackendName);
    }

    public static DriverShare Share(string pool = "a", int sizeGb = 1, string protocol = "NFS", string? id = null)
    {
        var instance = id ?? Guid.NewGuid().ToString();
        return new DriverShare
        {
            Id = instance,
            ShareId = "s-" + instance,
            Name = "share-" + instance,
            ProjectId = "project",
            SizeGb = sizeGb,
            Protocol = protocol,
            PoolName = pool,
        };
    }

    public static DriverSnapshot Snapshot(DriverShare share, string? id = null)
    {
        var instance = id ?? Guid.NewGuid().ToString();
        return new DriverSnapshot { Id = instance, SnapshotId = "n-" + instance, Name = "snapshot-" + instance, Share = share, SizeGb = share.SizeGb };
    }

    public static DriverAccessRule Rule(string type, string to, string level = "rw") =>
        new() { Id = Guid.NewGuid().ToString(), AccessType = type, AccessTo = to, AccessLevel = level };

    public Task<IReadOnlyList<AccessRuleResult>> AllowAsync(DriverShare share, params DriverAccessRule[] rules) =>
        Driver.UpdateAccessAsync(new AccessUpdate { Share = share, Rules = rules, AddRules = rules }, CancellationToken.None);

    public async ValueTask DisposeAsync() => await Driver.DisposeAsync();

    /// <summary>Warnings and errors from the driver, shown live in the test output.</summary>
    private sealed class ProgressLogger : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                TestContext.Progress.WriteLine($"[{logLevel}] {formatter(state, exception)}");
            }
        }
    }
}
