using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using ShareHost.Abstractions;

namespace ShareHost.Drivers.Dummy.Tests;

/// <summary>A Dummy driver initialised from in-memory options whose values a test can change while it runs.</summary>
public sealed class DummyFixture : IDisposable
{
    private DummyFixture(DummyDriver driver, IConfigurationRoot options, string stateDirectory)
    {
        Driver = driver;
        Options = options;
        StateDirectory = stateDirectory;
    }

    public DummyDriver Driver { get; }

    public IConfigurationRoot Options { get; }

    public string StateDirectory { get; }

    public static async Task<DummyFixture> StartAsync(IDictionary<string, string?>? options = null, string? stateDirectory = null, string backend = "unit")
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(options ?? new Dictionary<string, string?>()).Build();
        var directory = stateDirectory ?? NewDirectory();
        var driver = new DummyDriver();
        await driver.InitializeAsync(Context(configuration, directory, backend), CancellationToken.None);
        return new DummyFixture(driver, configuration, directory);
    }

    public static DriverContext Context(IConfiguration options, string stateDirectory, string backend = "unit") => new()
    {
        BackendName = backend,
        HostName = "test",
        AvailabilityZone = "az1",
        Options = options,
        Logger = NullLogger.Instance,
        StateDirectory = stateDirectory,
    };

    public static string NewDirectory() =>
        Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "sharehost-dummy-tests", Guid.NewGuid().ToString("N"))).FullName;

    public static DriverShare Share(string? id = null, int sizeGb = 1, string pool = "pool-a", string protocol = "NFS")
    {
        var instanceId = id ?? Guid.NewGuid().ToString();
        return new DriverShare
        {
            Id = instanceId,
            ShareId = "share-of-" + instanceId,
            Name = "share-" + instanceId,
            ProjectId = "project",
            SizeGb = sizeGb,
            Protocol = protocol,
            PoolName = pool,
        };
    }

    public async Task<PoolStats> PoolAsync(string name = "pool-a") =>
        (await Driver.GetStatsAsync(CancellationToken.None)).Pools.Single(p => p.Name == name);

    public void Dispose()
    {
        Driver.Dispose();
        try
        {
            Directory.Delete(StateDirectory, recursive: true);
        }
        catch (IOException)
        {
            // cleaned with the temp folder eventually
        }
    }
}
