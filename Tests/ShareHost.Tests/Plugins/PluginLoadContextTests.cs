using System.Runtime.Loader;
using Microsoft.Extensions.Logging.Abstractions;
using ShareHost.Abstractions;
using ShareHost.Plugins;
using ShareHost.Tests.Infrastructure;

namespace ShareHost.Tests.Plugins;

public sealed class PluginLoadContextTests
{
    private static string DummyAssembly => Path.Combine(PluginFolders.BuiltDummy, "ShareHost.Drivers.Dummy.dll");

    [Test]
    public void LoadFromAssemblyPath_DummyPlugin_DriverImplementsTheHostsIShareDriver()
    {
        var context = new PluginLoadContext(DummyAssembly);

        var driverType = context.LoadFromAssemblyPath(DummyAssembly).GetType("ShareHost.Drivers.Dummy.DummyDriver", throwOnError: true)!;
        var contractSeenByPlugin = driverType.GetInterfaces().Single(i => i.Name == nameof(IShareDriver));

        Assert.Multiple(() =>
        {
            Assert.That(contractSeenByPlugin, Is.SameAs(typeof(IShareDriver)));
            Assert.That(typeof(IShareDriver).IsAssignableFrom(driverType), Is.True);
            Assert.That(AssemblyLoadContext.GetLoadContext(driverType.Assembly), Is.SameAs(context));
            Assert.That(AssemblyLoadContext.GetLoadContext(contractSeenByPlugin.Assembly), Is.SameAs(AssemblyLoadContext.Default));
        });
    }

    [Test]
    public void LoadFromAssemblyPath_DummyPlugin_SharesMicrosoftExtensionsWithTheHost()
    {
        var context = new PluginLoadContext(DummyAssembly);

        var plugin = context.LoadFromAssemblyPath(DummyAssembly);
        var configuration = context.LoadFromAssemblyName(new System.Reflection.AssemblyName("Microsoft.Extensions.Configuration.Abstractions"));

        Assert.Multiple(() =>
        {
            Assert.That(configuration, Is.SameAs(typeof(Microsoft.Extensions.Configuration.IConfiguration).Assembly));
            Assert.That(plugin.GetReferencedAssemblies().Select(a => a.Name), Does.Contain("ShareHost.Abstractions"));
        });
    }

    [Test]
    public void IsShared_ContractAndExtensions_AreSharedAndOthersAreNot()
    {
        Assert.Multiple(() =>
        {
            Assert.That(PluginLoadContext.IsShared(new System.Reflection.AssemblyName("ShareHost.Abstractions")), Is.True);
            Assert.That(PluginLoadContext.IsShared(new System.Reflection.AssemblyName("Microsoft.Extensions.Logging.Abstractions")), Is.True);
            Assert.That(PluginLoadContext.IsShared(new System.Reflection.AssemblyName("Polly.Core")), Is.False);
            Assert.That(PluginLoadContext.IsShared(new System.Reflection.AssemblyName("ShareHost.Abstractions.Extra")), Is.False);
        });
    }

    [Test]
    public async Task LoadAll_DummyPlugin_DriverInstanceIsUsableThroughTheHostContract()
    {
        var directory = TestHost.NewDirectory();
        PluginFolders.Copy(PluginFolders.BuiltDummy, directory, "Dummy");
        var catalog = new PluginCatalog(NullLogger<PluginCatalog>.Instance);

        catalog.LoadAll(PluginFolders.Plugins(directory));
        var (type, error) = catalog.FindDriver("dummy");
        var driver = (IShareDriver)Activator.CreateInstance(type!)!;
        await driver.InitializeAsync(new DriverContext
        {
            BackendName = "unit",
            HostName = "test",
            AvailabilityZone = "az",
            Options = new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build(),
            Logger = NullLogger.Instance,
            StateDirectory = directory,
        }, CancellationToken.None);
        var stats = await driver.GetStatsAsync(CancellationToken.None);

        Assert.That(error, Is.Null);
        Assert.That(stats.Pools.Single().Name, Is.EqualTo("fake_pool_for_unit"));
        PluginFolders.Delete(directory);
    }
}
