using System.Net;
using Microsoft.Extensions.DependencyInjection;
using ShareHost.Abstractions;
using ShareHost.Features.Backends;
using ShareHost.Plugins;
using ShareHost.Tests.Infrastructure;

namespace ShareHost.Tests.Plugins;

/// <summary>
/// The versioning promise: a driver DLL compiled against the oldest contract (the frozen 1.0 copy in
/// Tests/Compat/ShareHost.Abstractions.V1_0) loads and serves shares under the live host, whatever 1.x it provides.
/// </summary>
public sealed class LegacyContractTests
{
    private string _directory = null!;
    private TestHost _host = null!;
    private ApiClient _admin = null!;

    [SetUp]
    public void SetUp()
    {
        _directory = PluginFolders.NewHostDirectory();
        PluginFolders.Copy(Path.Combine(PluginFolders.CompatPlugins, "Legacy"), _directory, "Legacy");
        _host = new TestHost(_directory, new Dictionary<string, string?>
        {
            ["Backends:legacy1:Driver"] = "Legacy",
            ["Backends:legacy1:AvailabilityZone"] = "legacy-az",
            ["Backends:legacy1:Addresses:0"] = "127.0.0.9",
            ["Backends:legacy1:Options:PoolName"] = "old-pool",
            ["Backends:legacy1:Options:CapacityGb"] = "50",
        });
        _admin = _host.Client();
    }

    [TearDown]
    public void TearDown()
    {
        _admin.Dispose();
        _host.Dispose();
        PluginFolders.Delete(_directory);
    }

    [Test]
    public void LegacyPluginFolder_AsBuilt_HasNoContractAssemblyAndReferencesContract1_0()
    {
        var folder = Path.Combine(PluginFolders.CompatPlugins, "Legacy");

        var contract = ReferencedContract(Path.Combine(folder, "ShareHost.Drivers.Legacy.dll"));

        Assert.Multiple(() =>
        {
            Assert.That(File.Exists(Path.Combine(folder, "ShareHost.Abstractions.dll")), Is.False, "the frozen contract must not travel with the plugin");
            Assert.That(contract, Is.EqualTo(new Version(1, 0, 0, 0)), "the plugin must be compiled against the frozen 1.0 contract");
            Assert.That(File.ReadAllText(Path.Combine(folder, "plugin.json")), Does.Contain("\"contractVersion\": \"1.0\""));
        });
    }

    [Test]
    public async Task Start_WithLegacyPlugin_LoadsItAndItsBackendIsUp()
    {
        await _host.IdleAsync();

        var plugin = _host.Services.GetRequiredService<PluginCatalog>().Plugins.Single(p => p.Name == "Legacy");
        var backend = _host.Services.GetRequiredService<BackendRegistry>().Find("legacy1")!;

        Assert.Multiple(() =>
        {
            Assert.That(plugin.Loaded, Is.True, plugin.Error);
            Assert.That(plugin.ContractVersion, Is.EqualTo("1.0"));
            Assert.That(ContractInfo.Current, Is.GreaterThanOrEqualTo(new Version(1, 0)));
            Assert.That(backend.IsUp, Is.True, backend.Status.Reason);
            Assert.That(backend.Driver, Is.InstanceOf<IShareDriver>());
            Assert.That(backend.Status.Stats!.Pools.Single().Name, Is.EqualTo("old-pool"));
        });
    }

    [Test]
    public async Task ShareLifecycle_OnLegacyBackend_CreatesBecomesAvailableAndDeletes()
    {
        var driver = _host.Services.GetRequiredService<BackendRegistry>().Find("legacy1")!.Driver!;

        var id = await _admin.CreateShareAsync(size: 3, zone: "legacy-az", name: "old-driver-share");
        var share = await _admin.WaitForShareAsync(id, "available");
        var whileItExists = await driver.GetStatsAsync(CancellationToken.None);
        _admin.Version = "2.8";
        var legacyView = (await _admin.GetAsync($"/v2/shares/{id}")).Json["share"]!;
        _admin.Version = "2.72";
        var delete = await _admin.DeleteAsync($"/v2/shares/{id}");
        await _host.IdleAsync();
        var afterDelete = await driver.GetStatsAsync(CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(share["host"]!.GetValue<string>(), Is.EqualTo("sharehost@legacy1#old-pool"));
            Assert.That(share["availability_zone"]!.GetValue<string>(), Is.EqualTo("legacy-az"));
            Assert.That(legacyView["export_location"]!.GetValue<string>(), Does.Match("^127\\.0\\.0\\.9:/legacy/share-[0-9a-f-]{36}$"));
            Assert.That(whileItExists.Pools.Single().ProvisionedCapacityGb, Is.EqualTo(3));
            Assert.That(delete.Status, Is.EqualTo(HttpStatusCode.Accepted));
            Assert.That(afterDelete.Pools.Single().ProvisionedCapacityGb, Is.Zero);
        });
        Assert.That((await _admin.GetAsync($"/v2/shares/{id}")).Status, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task ShareLifecycle_DummyBesideLegacy_StillServesShares()
    {
        var id = await _admin.CreateShareAsync(zone: "az1");

        var share = await _admin.WaitForShareAsync(id, "available");

        Assert.That(share["host"]!.GetValue<string>(), Is.EqualTo("sharehost@dummy1#pool-a"));
    }

    private static Version? ReferencedContract(string assemblyPath)
    {
        using var stream = File.OpenRead(assemblyPath);
        using var pe = new System.Reflection.PortableExecutable.PEReader(stream);
        var reader = System.Reflection.Metadata.PEReaderExtensions.GetMetadataReader(pe);
        return reader.AssemblyReferences.Select(reader.GetAssemblyReference)
            .Where(r => reader.GetString(r.Name) == "ShareHost.Abstractions")
            .Select(r => r.Version)
            .SingleOrDefault();
    }
}
