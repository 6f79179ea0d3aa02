using System.Net;
using Microsoft.Extensions.DependencyInjection;
using ShareHost.Features.Backends;
using ShareHost.Plugins;
using ShareHost.Tests.Infrastructure;

namespace ShareHost.Tests.Plugins;

/// <summary>
/// A broken plugin or backend never takes the host down: it starts, the Dummy backends keep creating shares, and
/// the failure is reported with its reason (the plugin in the catalog, the backends that needed it as down).
/// </summary>
public sealed class PluginFailureTests
{
    private string _directory = null!;
    private TestHost _host = null!;
    private ApiClient _admin = null!;

    [TearDown]
    public void TearDown()
    {
        _admin?.Dispose();
        _host?.Dispose();
        PluginFolders.Delete(_directory);
    }

    [Test]
    public async Task Start_PluginDllIsGarbage_ReportsItAndKeepsServing()
    {
        Start(directory =>
        {
            var folder = Directory.CreateDirectory(Path.Combine(PluginFolders.Plugins(directory), "Garbage")).FullName;
            var bytes = new byte[4096];
            new Random(42).NextBytes(bytes);
            File.WriteAllBytes(Path.Combine(folder, "Garbage.dll"), bytes);
            PluginFolders.WriteManifest(folder, "Garbage", "1.0", "Garbage.dll");
        }, Backend("garbage1", "Garbage"));

        await AssertDummyStillServesAsync();

        Assert.Multiple(() =>
        {
            Assert.That(FailedPlugin("Garbage").Error, Does.Contain("Garbage.dll is not a valid .NET assembly"));
            Assert.That(DownReason("garbage1"), Does.Contain("plugin 'Garbage' failed to load").And.Contain("not a valid .NET assembly"));
        });
    }

    [Test]
    public async Task Start_PluginNeedsNewerContract_RefusesItWithReasonAndKeepsServing()
    {
        Start(directory =>
        {
            var folder = PluginFolders.Copy(PluginFolders.BuiltDummy, directory, "Future");
            PluginFolders.WriteManifest(folder, "Future", "1.99", "ShareHost.Drivers.Dummy.dll");
        }, Backend("future1", "Future"));

        await AssertDummyStillServesAsync();

        var plugin = FailedPlugin("Future");
        Assert.Multiple(() =>
        {
            Assert.That(plugin.ContractVersion, Is.EqualTo("1.99"));
            Assert.That(plugin.Error, Does.Contain("driver contract 1.99").And.Contain("this host provides 1.").And.Contain("upgrade ShareHost"));
            Assert.That(plugin.Drivers, Is.Empty);
            Assert.That(DownReason("future1"), Does.Contain("plugin 'Future' failed to load").And.Contain("1.99"));
        });
    }

    [Test]
    public async Task Start_PluginBuiltForAnotherMajor_RefusesIt()
    {
        Start(directory =>
        {
            var folder = PluginFolders.Copy(PluginFolders.BuiltDummy, directory, "NextMajor");
            PluginFolders.WriteManifest(folder, "NextMajor", "2.0", "ShareHost.Drivers.Dummy.dll");
        });

        await AssertDummyStillServesAsync();

        Assert.That(FailedPlugin("NextMajor").Error, Does.Contain("driver contract 2.0").And.Contain("major versions must match"));
    }

    [Test]
    public async Task Start_FolderWithoutManifest_ReportsTheMissingManifest()
    {
        Start(directory =>
        {
            var folder = PluginFolders.Copy(PluginFolders.BuiltDummy, directory, "NoManifest");
            File.Delete(Path.Combine(folder, "plugin.json"));
        });

        await AssertDummyStillServesAsync();

        var plugin = FailedPlugin("NoManifest");
        Assert.That(plugin.Error, Does.Contain("no plugin.json manifest"));
        Assert.That(plugin.Folder, Does.EndWith("NoManifest"));
    }

    [Test]
    public async Task Start_ManifestNamesMissingDll_ReportsTheMissingAssembly()
    {
        Start(directory =>
        {
            var folder = PluginFolders.Copy(PluginFolders.BuiltDummy, directory, "Hollow");
            PluginFolders.WriteManifest(folder, "Hollow", "1.0", "ShareHost.Drivers.Hollow.dll");
        }, Backend("hollow1", "Hollow"));

        await AssertDummyStillServesAsync();

        Assert.Multiple(() =>
        {
            Assert.That(FailedPlugin("Hollow").Error, Does.Contain("entry assembly ShareHost.Drivers.Hollow.dll is missing"));
            Assert.That(DownReason("hollow1"), Does.Contain("entry assembly ShareHost.Drivers.Hollow.dll is missing"));
        });
    }

    [Test]
    public async Task Start_PluginAssemblyHasNoDriver_ReportsIt()
    {
        Start(directory =>
        {
            var folder = Directory.CreateDirectory(Path.Combine(PluginFolders.Plugins(directory), "NotADriver")).FullName;
            File.Copy(Path.Combine(AppContext.BaseDirectory, "Dapper.dll"), Path.Combine(folder, "Dapper.dll"));
            PluginFolders.WriteManifest(folder, "NotADriver", "1.0", "Dapper.dll");
        });

        await AssertDummyStillServesAsync();

        Assert.That(FailedPlugin("NotADriver").Error, Does.Contain("has no public class marked [ShareDriver]"));
    }

    [Test]
    public async Task Start_ManifestIsNotJson_ReportsIt()
    {
        Start(directory =>
        {
            var folder = PluginFolders.Copy(PluginFolders.BuiltDummy, directory, "Mangled");
            File.WriteAllText(Path.Combine(folder, "plugin.json"), "{ \"name\": \"Mangled\", ");
        });

        await AssertDummyStillServesAsync();

        Assert.That(FailedPlugin("Mangled").Error, Does.Contain("plugin.json is not valid JSON"));
    }

    [Test]
    public async Task Start_BackendNamesUnknownDriver_BackendDownWithReason()
    {
        Start(settings: Backend("mystery1", "NoSuchDriver"));

        await AssertDummyStillServesAsync();

        var catalog = _host.Services.GetRequiredService<PluginCatalog>();
        Assert.Multiple(() =>
        {
            Assert.That(catalog.Plugins.Where(p => !p.Loaded), Is.Empty, "only the backend is misconfigured; every plugin loads");
            Assert.That(DownReason("mystery1"), Is.EqualTo("no loaded plugin provides a driver named 'NoSuchDriver'"));
        });
    }

    [Test]
    public async Task Start_DriverInitializationFails_BackendDownWithDriverMessage()
    {
        Start(settings: DummyBackend("broken1", new()
        {
            ["Faults:Initialize:FailEveryNth"] = "1",
            ["Faults:Initialize:Message"] = "array controller offline",
        }));

        await AssertDummyStillServesAsync();

        var backend = Registry.Find("broken1")!;
        Assert.Multiple(() =>
        {
            Assert.That(DownReason("broken1"), Does.Contain("array controller offline"));
            Assert.That(backend.Driver, Is.Null, "a driver that failed to initialise is not kept");
        });
    }

    [Test]
    public async Task Start_DriverInitializationHangs_BackendDownAfterInitTimeout()
    {
        var settings = DummyBackend("stuck1", new() { ["Faults:Initialize:Hang"] = "true" });
        settings["ShareHost:DriverInitTimeoutSeconds"] = "1";
        Start(settings: settings);

        await AssertDummyStillServesAsync();

        Assert.That(DownReason("stuck1"), Is.EqualTo("driver initialisation did not finish within 1 s"));
    }

    [Test]
    public async Task Start_DriverInitializationHangsIgnoringCancellation_BackendDownAfterInitTimeout()
    {
        var settings = DummyBackend("wedged1", new()
        {
            ["Faults:Initialize:Hang"] = "true",
            ["Faults:Initialize:IgnoreCancellation"] = "true",
        });
        settings["ShareHost:DriverInitTimeoutSeconds"] = "1";
        Start(settings: settings);

        await AssertDummyStillServesAsync();

        Assert.That(DownReason("wedged1"), Is.EqualTo("driver initialisation did not finish within 1 s"));
    }

    private BackendRegistry Registry => _host.Services.GetRequiredService<BackendRegistry>();

    private void Start(Action<string>? arrange = null, Dictionary<string, string?>? settings = null)
    {
        _directory = PluginFolders.NewHostDirectory();
        arrange?.Invoke(_directory);
        _host = new TestHost(_directory, settings);
        _admin = _host.Client();
    }

    /// <summary>The host answers, and both Dummy backends still take new shares.</summary>
    private async Task AssertDummyStillServesAsync()
    {
        var versions = await _admin.GetAsync("/");
        Assert.That(versions.Status, Is.EqualTo(HttpStatusCode.MultipleChoices));
        foreach (var zone in new[] { "az1", "az2" })
        {
            var id = await _admin.CreateShareAsync(zone: zone);
            await _admin.WaitForShareAsync(id, "available");
        }

        Assert.That(Registry.Find("dummy1")!.IsUp && Registry.Find("dummy2")!.IsUp, Is.True);
    }

    private PluginInfo FailedPlugin(string name)
    {
        var plugins = _host.Services.GetRequiredService<PluginCatalog>().Plugins;
        var plugin = plugins.SingleOrDefault(p => p.Name == name);
        Assert.That(plugin, Is.Not.Null, $"no catalog entry named {name}; entries: {string.Join(", ", plugins.Select(p => p.Name))}");
        Assert.That(plugin!.Loaded, Is.False, $"{name} should have been refused");
        Assert.That(plugins.Single(p => p.Name == "Dummy").Loaded, Is.True);
        return plugin;
    }

    private string DownReason(string backendName)
    {
        var backend = Registry.Find(backendName);
        Assert.That(backend, Is.Not.Null, $"backend {backendName} is not configured");
        Assert.That(backend!.IsUp, Is.False, $"backend {backendName} should be down");
        return backend.Status.Reason!;
    }

    private static Dictionary<string, string?> Backend(string name, string driver) => new()
    {
        [$"Backends:{name}:Driver"] = driver,
        [$"Backends:{name}:AvailabilityZone"] = "az1",
    };

    private static Dictionary<string, string?> DummyBackend(string name, Dictionary<string, string?> options)
    {
        var settings = Backend(name, "Dummy");
        foreach (var (key, value) in options)
        {
            settings[$"Backends:{name}:Options:{key}"] = value;
        }

        return settings;
    }
}
