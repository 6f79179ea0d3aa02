using ShareHost.Tests.Infrastructure;

namespace ShareHost.Tests.Features.Mounts;

/// <summary>The owning driver chooses the address (the Dummy: least-loaded healthy), and every way it can fail leads to the host's choice.</summary>
public sealed class DriverPickTests
{
    [Test]
    public async Task Mount_DriverPicks_LeastLoadedHealthyAddressMarkedDriver()
    {
        using var host = new TestHost(settings: Mounts.Pool(driverPicks: true, unhealthy: ["10.0.0.1"]));
        using var demo = host.Client(TestHost.DemoToken);
        using var admin = host.Client();
        var share = await Mounts.ShareAsync(demo);

        var mounts = new List<System.Text.Json.Nodes.JsonNode>();
        for (var i = 0; i < 3; i++)
        {
            mounts.Add(await Mounts.MountOkAsync(demo, share, $"192.0.2.{i + 1}", level: "ro"));
        }

        var pool = await Mounts.AddressPoolAsync(admin);
        Assert.Multiple(() =>
        {
            Assert.That(mounts.Select(m => m["address_source"]!.GetValue<string>()), Is.All.EqualTo("driver"));
            Assert.That(mounts.Select(m => m.Address()), Is.EqualTo(new[] { "10.0.0.2", "10.0.0.3", "10.0.0.4" }));
            Assert.That(pool["driver_picks"]!.GetValue<bool>(), Is.True);
            Assert.That(pool["choices"]!["driver"]!.GetValue<long>(), Is.EqualTo(3));
            Assert.That(pool["choices"]!["host_fallback"]!.GetValue<long>(), Is.Zero);
        });
    }

    [Test]
    public async Task Mount_DriverPicks_KeepsAClientOnItsCurrentAddress()
    {
        using var host = new TestHost(settings: Mounts.Pool(driverPicks: true));
        using var demo = host.Client(TestHost.DemoToken);
        var share = await Mounts.ShareAsync(demo);
        var first = await Mounts.MountOkAsync(demo, share, "192.0.2.1", level: "ro");
        await Mounts.MountOkAsync(demo, share, "192.0.2.2", level: "ro");

        var again = await Mounts.MountOkAsync(demo, share, "192.0.2.1", level: "ro");

        Assert.That(again.Address(), Is.EqualTo(first.Address()), "the request carried the client's current address");
    }

    [Test]
    public async Task Mount_DriverMountOptions_AreReturned()
    {
        using var host = new TestHost(settings: Mounts.Pool(driverPicks: true).With("Backends:dummy1:Options:Mounts:PickMountOptions", "vers=4.2,nconnect=4"));
        using var demo = host.Client(TestHost.DemoToken);
        var share = await Mounts.ShareAsync(demo);

        var mount = await Mounts.MountOkAsync(demo, share);

        Assert.That(mount["mount_options"]!.GetValue<string>(), Is.EqualTo("vers=4.2,nconnect=4"));
    }

    [Test]
    public async Task Mount_DriverFails_HostFallsBackCountsAndRemembersWhy()
    {
        using var host = new TestHost(settings: Mounts.Pool(driverPicks: true)
            .With("Backends:dummy1:Options:Faults:PickAddress:FailEveryNth", "1")
            .With("Backends:dummy1:Options:Faults:PickAddress:Message", "picker exploded"));
        using var demo = host.Client(TestHost.DemoToken);
        using var admin = host.Client();
        var share = await Mounts.ShareAsync(demo);

        var mount = await Mounts.MountOkAsync(demo, share);

        var pool = await Mounts.AddressPoolAsync(admin);
        Assert.Multiple(() =>
        {
            Assert.That(mount["address_source"]!.GetValue<string>(), Is.EqualTo("host_fallback"));
            Assert.That(Mounts.FourAddresses, Does.Contain(mount.Address()));
            Assert.That(pool["fallbacks"]!["error"]!.GetValue<long>(), Is.EqualTo(1));
            Assert.That(pool["choices"]!["host_fallback"]!.GetValue<long>(), Is.EqualTo(1));
            Assert.That(pool["fallbacks"]!["last"]!["reason"]!.GetValue<string>(), Is.EqualTo("error"));
            Assert.That(pool["fallbacks"]!["last"]!["detail"]!.GetValue<string>(), Does.Contain("picker exploded"));
        });
    }

    [TestCase("203.0.113.9", TestName = "Mount_DriverAnswersAnAddressNotInThePool_FallsBack")]
    [TestCase("10.0.0.3", TestName = "Mount_DriverAnswersAnUnhealthyAddress_FallsBack")]
    public async Task Mount_DriverAnswersBadly_FallsBack(string answer)
    {
        using var host = new TestHost(settings: Mounts.Pool(driverPicks: true, unhealthy: ["10.0.0.3"])
            .With("Backends:dummy1:Options:Mounts:AnswerAddress", answer));
        using var demo = host.Client(TestHost.DemoToken);
        using var admin = host.Client();
        var share = await Mounts.ShareAsync(demo);

        var mount = await Mounts.MountOkAsync(demo, share);

        Assert.That(mount["address_source"]!.GetValue<string>(), Is.EqualTo("host_fallback"));
        Assert.That(mount.Address(), Is.Not.EqualTo(answer));
        Assert.That((await Mounts.AddressPoolAsync(admin))["fallbacks"]!["invalid_answer"]!.GetValue<long>(), Is.EqualTo(1));
    }

    [Test]
    public async Task Mount_DriverSlowerThanTheBackendsBudget_FallsBackAsATimeout()
    {
        using var host = new TestHost(settings: Mounts.Pool(driverPicks: true)
            .With("Backends:dummy1:Mounts:PickBudgetMs", "50")
            .With("Backends:dummy1:Options:Mounts:PickLatencyMs", "5000"));
        using var demo = host.Client(TestHost.DemoToken);
        using var admin = host.Client();
        var share = await Mounts.ShareAsync(demo);

        var mount = await Mounts.MountOkAsync(demo, share);

        var pool = await Mounts.AddressPoolAsync(admin);
        Assert.That(mount["address_source"]!.GetValue<string>(), Is.EqualTo("host_fallback"));
        Assert.That(pool["pick_budget_ms"]!.GetValue<double>(), Is.EqualTo(50));
        Assert.That(pool["fallbacks"]!["timeout"]!.GetValue<long>(), Is.EqualTo(1));
    }

    [Test]
    public async Task Mount_DriverPicksSwitchedOff_HostChooses()
    {
        using var host = new TestHost(settings: Mounts.Pool(driverPicks: false));
        using var demo = host.Client(TestHost.DemoToken);
        using var admin = host.Client();
        var share = await Mounts.ShareAsync(demo);

        var mount = await Mounts.MountOkAsync(demo, share);

        Assert.That(mount["address_source"]!.GetValue<string>(), Is.EqualTo("host"));
        Assert.That((await Mounts.AddressPoolAsync(admin))["driver_picks"]!.GetValue<bool>(), Is.False);
    }
}
