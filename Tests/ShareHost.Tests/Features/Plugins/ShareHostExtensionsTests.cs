using System.Net;
using System.Text.Json.Nodes;
using ShareHost.Tests.Infrastructure;

namespace ShareHost.Tests.Features.Plugins;

public sealed class ShareHostExtensionsTests
{
    [Test]
    public async Task ListPlugins_Admin_ShowsTheDummyPluginLoaded()
    {
        using var host = new TestHost();
        using var admin = host.Client();

        var response = await admin.GetAsync("/v2/sharehost/plugins");

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.OK), response.Body);
        // The first-party plugins: Dummy and Local.
        var dummy = response.Json["plugins"]!.AsArray().Single(p => p!["name"]!.GetValue<string>() == "Dummy")!;
        Assert.Multiple(() =>
        {
            Assert.That(response.Json["host_contract_version"]!.GetValue<string>(), Does.Match(@"^1\.\d+$"));
            Assert.That(dummy["name"]!.GetValue<string>(), Is.EqualTo("Dummy"));
            Assert.That(dummy["version"]!.GetValue<string>(), Is.Not.Empty);
            Assert.That(dummy["contract_version"]!.GetValue<string>(), Is.EqualTo(response.Json["host_contract_version"]!.GetValue<string>()));
            Assert.That(dummy["loaded"]!.GetValue<bool>(), Is.True);
            Assert.That(dummy["error"], Is.Null);
            Assert.That(dummy["drivers"]!.AsArray().Select(d => d!.GetValue<string>()), Is.EqualTo(new[] { "Dummy" }));
        });
    }

    [Test]
    public async Task ListPlugins_GarbageAndManifestlessFolders_AreShownWithTheirErrorsWhileDummyServes()
    {
        using var host = new TestHost(settings: new Dictionary<string, string?> { ["Backends:junk:Driver"] = "Garbage" });
        var garbage = Directory.CreateDirectory(Path.Combine(host.PluginsPath, "Garbage")).FullName;
        await File.WriteAllTextAsync(Path.Combine(garbage, "plugin.json"),
            """{"name": "Garbage", "version": "6.6.6", "contractVersion": "1.0", "assembly": "Garbage.dll"}""");
        await File.WriteAllBytesAsync(Path.Combine(garbage, "Garbage.dll"), RandomBytes(4096));
        Directory.CreateDirectory(Path.Combine(host.PluginsPath, "Empty"));
        using var admin = host.Client();

        var plugins = (await admin.GetAsync("/v2/sharehost/plugins")).Json["plugins"]!.AsArray();
        var junk = (await admin.GetAsync("/v2/services?host=sharehost@junk")).Json["services"]![0]!;
        var share = await admin.WaitForShareAsync(await admin.CreateShareAsync(), "available");

        var failed = plugins.Single(p => p!["name"]!.GetValue<string>() == "Garbage")!;
        var empty = plugins.Single(p => p!["folder"]!.GetValue<string>().EndsWith("Empty", StringComparison.Ordinal))!;
        Assert.Multiple(() =>
        {
            Assert.That(failed["loaded"]!.GetValue<bool>(), Is.False);
            Assert.That(failed["version"]!.GetValue<string>(), Is.EqualTo("6.6.6"));
            Assert.That(failed["error"]!.GetValue<string>(), Does.Contain("Garbage.dll"));
            Assert.That(failed["drivers"]!.AsArray(), Is.Empty);
            Assert.That(empty["loaded"]!.GetValue<bool>(), Is.False);
            Assert.That(empty["error"]!.GetValue<string>(), Does.Contain("plugin.json"));
            Assert.That(plugins.Single(p => p!["name"]!.GetValue<string>() == "Dummy")!["loaded"]!.GetValue<bool>(), Is.True);
            Assert.That(junk["state"]!.GetValue<string>(), Is.EqualTo("down"));
            Assert.That(junk["state_reason"]!.GetValue<string>(), Does.StartWith("plugin 'Garbage' failed to load: "));
            Assert.That(share["host"]!.GetValue<string>(), Does.StartWith("sharehost@dummy"));
        });
    }

    [Test]
    public async Task ListBackends_Admin_ShowsEachBackendWithDriverStateStatsAndAddresses()
    {
        using var host = new TestHost();
        using var admin = host.Client();

        var response = await admin.GetAsync("/v2/sharehost/backends");

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.OK), response.Body);
        var backends = response.Json["backends"]!.AsArray();
        Assert.That(backends.Select(b => b!["name"]!.GetValue<string>()), Is.EqualTo(new[] { "dummy1", "dummy2" }));
        var first = backends[0]!;
        Assert.Multiple(() =>
        {
            Assert.That(first["host"]!.GetValue<string>(), Is.EqualTo("sharehost@dummy1"));
            Assert.That(first["driver"]!.GetValue<string>(), Is.EqualTo("Dummy"));
            Assert.That(first["availability_zone"]!.GetValue<string>(), Is.EqualTo("az1"));
            Assert.That(first["state"]!.GetValue<string>(), Is.EqualTo("up"));
            Assert.That(first["reason"], Is.Null);
            Assert.That(first["disabled"]!.GetValue<bool>(), Is.False);
            Assert.That(first["stats_updated_at"], Is.Not.Null);
            Assert.That(first["pools"]!.GetValue<int>(), Is.EqualTo(1));
            Assert.That(first["addresses"]![0]!["address"]!.GetValue<string>(), Is.EqualTo("127.0.0.1"));
            Assert.That(first["addresses"]![0]!["source"]!.GetValue<string>(), Is.EqualTo("driver"));
        });
    }

    [Test]
    public async Task ListBackends_UnknownDriver_IsDownWithTheReasonAndConfiguredAddresses()
    {
        using var host = new TestHost(settings: new Dictionary<string, string?>
        {
            ["Backends:broken:Driver"] = "Nope",
            ["Backends:broken:AvailabilityZone"] = "az9",
            ["Backends:broken:Addresses:0"] = "127.0.0.9",
        });
        using var admin = host.Client();

        var backends = (await admin.GetAsync("/v2/sharehost/backends")).Json["backends"]!.AsArray();
        var broken = backends.Single(b => b!["name"]!.GetValue<string>() == "broken")!;

        Assert.Multiple(() =>
        {
            Assert.That(broken["state"]!.GetValue<string>(), Is.EqualTo("down"));
            Assert.That(broken["reason"]!.GetValue<string>(), Does.Contain("no loaded plugin provides a driver named 'Nope'"));
            Assert.That(broken["driver"]!.GetValue<string>(), Is.EqualTo("Nope"));
            Assert.That(broken["stats_updated_at"], Is.Null);
            Assert.That(broken["pools"]!.GetValue<int>(), Is.Zero);
            Assert.That(broken["addresses"]!.ToJsonString(), Is.EqualTo(new JsonArray(new JsonObject
            {
                ["address"] = "127.0.0.9", ["healthy"] = null, ["weight"] = null, ["source"] = "configuration",
            }).ToJsonString()));
            Assert.That(backends.Where(b => b!["name"]!.GetValue<string>() != "broken").Select(b => b!["state"]!.GetValue<string>()),
                Is.All.EqualTo("up"));
        });
    }

    [Test]
    public async Task ListBackends_DisabledBackend_ShowsDisabledWithReason()
    {
        using var host = new TestHost();
        using var admin = host.Client();
        await admin.PutAsync("/v2/services/disable", new { host = "sharehost@dummy2", binary = "manila-share", disabled_reason = "firmware" });

        var dummy2 = (await admin.GetAsync("/v2/sharehost/backends")).Json["backends"]![1]!;

        Assert.That(dummy2["disabled"]!.GetValue<bool>(), Is.True);
        Assert.That(dummy2["disabled_reason"]!.GetValue<string>(), Is.EqualTo("firmware"));
        Assert.That(dummy2["state"]!.GetValue<string>(), Is.EqualTo("up"));
    }

    [TestCase("/v2/sharehost/plugins")]
    [TestCase("/v2/sharehost/backends")]
    public async Task ShareHostExtensions_Member_Answer403(string path)
    {
        using var host = new TestHost();
        using var demo = host.Client(TestHost.DemoToken);

        var response = await demo.GetAsync(path);

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(response.FaultName, Is.EqualTo("forbidden"));
    }

    [Test]
    public async Task ShareHostExtensions_DocumentedInOpenApi()
    {
        using var host = new TestHost();
        using var http = host.CreateClient();

        var document = await http.GetStringAsync("/openapi/v1.json");

        Assert.That(document, Does.Contain("/v2/sharehost/plugins").And.Contain("/v2/sharehost/backends"));
        Assert.That(document, Does.Contain("ShareHost extension (admin)"));
    }

    private static byte[] RandomBytes(int count)
    {
        var bytes = new byte[count];
        new Random(42).NextBytes(bytes);
        return bytes;
    }
}
