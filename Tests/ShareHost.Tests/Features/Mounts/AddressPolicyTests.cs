using System.Net;
using ShareHost.Abstractions;
using ShareHost.Features.Mounts.Pools;
using ShareHost.Tests.Infrastructure;

namespace ShareHost.Tests.Features.Mounts;

/// <summary>The host's policies over a pool of 4 addresses, through the mount call (the Dummy's own picker switched off).</summary>
public sealed class AddressPolicyTests
{
    [Test]
    public async Task RoundRobin_MountsOverFourAddresses_EachGetsAnEqualShare()
    {
        using var host = new TestHost(settings: Mounts.Pool("round_robin"));
        using var demo = host.Client(TestHost.DemoToken);
        var share = await Mounts.ShareAsync(demo);

        var addresses = new List<string>();
        for (var i = 0; i < 40; i++)
        {
            addresses.Add((await Mounts.MountOkAsync(demo, share, $"192.0.2.{i + 1}", level: "ro")).Address());
        }

        Assert.That(addresses.GroupBy(a => a).ToDictionary(g => g.Key, g => g.Count()),
            Is.EquivalentTo(Mounts.FourAddresses.ToDictionary(a => a, _ => 10)));
        Assert.That(addresses.Take(4), Is.EquivalentTo(Mounts.FourAddresses), "each address once per turn");
    }

    [Test]
    public async Task LeastConnections_AfterReleases_RefillsTheEmptiedAddressFirst()
    {
        using var host = new TestHost(settings: Mounts.Pool("least_connections"));
        using var demo = host.Client(TestHost.DemoToken);
        using var admin = host.Client();
        var share = await Mounts.ShareAsync(demo);
        var mounts = new List<(string Id, string Address)>();
        for (var i = 0; i < 12; i++)
        {
            var mount = await Mounts.MountOkAsync(demo, share, $"192.0.2.{i + 1}", level: "ro");
            mounts.Add((mount.Id(), mount.Address()));
        }

        var drained = mounts[0].Address;
        foreach (var (id, _) in mounts.Where(m => m.Address == drained))
        {
            await Mounts.ReleaseAsync(demo, id);
        }

        var next = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            next.Add((await Mounts.MountOkAsync(demo, share, $"198.51.100.{i + 1}", level: "ro")).Address());
        }

        Assert.That(mounts.GroupBy(m => m.Address).Select(g => g.Count()), Is.All.EqualTo(3), "balanced before the releases");
        Assert.That(next, Is.All.EqualTo(drained), "the address with the fewest live mounts takes the next ones");
        Assert.That((await Mounts.LiveMountsAsync(admin)).Values, Is.All.EqualTo(3));
    }

    [Test]
    public async Task Weighted_WeightsFourTwoOneOne_SpreadsInProportion()
    {
        using var host = new TestHost(settings: Mounts.Pool("weighted", weights: [4, 2, 1, 1]));
        using var demo = host.Client(TestHost.DemoToken);
        var share = await Mounts.ShareAsync(demo);

        var addresses = new List<string>();
        for (var i = 0; i < 32; i++)
        {
            addresses.Add((await Mounts.MountOkAsync(demo, share, $"192.0.2.{i + 1}", level: "ro")).Address());
        }

        var counts = addresses.GroupBy(a => a).ToDictionary(g => g.Key, g => g.Count());
        Assert.That(counts, Is.EquivalentTo(new Dictionary<string, int> { ["10.0.0.1"] = 16, ["10.0.0.2"] = 8, ["10.0.0.3"] = 4, ["10.0.0.4"] = 4 }));
        Assert.That(addresses.Take(8).Count(a => a == "10.0.0.1"), Is.EqualTo(4), "smooth: the heavy address is interleaved, not a burst");
    }

    [Test]
    public async Task Sticky_ClientWithALiveLease_KeepsItsAddressUntilItIsReleased()
    {
        using var host = new TestHost(settings: Mounts.Pool("round_robin", sticky: true));
        using var demo = host.Client(TestHost.DemoToken);
        var share = await Mounts.ShareAsync(demo);
        var first = await Mounts.MountOkAsync(demo, share, "192.0.2.7", level: "ro");

        var again = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            await Mounts.MountOkAsync(demo, share, $"198.51.100.{i + 1}", level: "ro");
            again.Add((await Mounts.MountOkAsync(demo, share, "192.0.2.7", level: "ro")).Address());
        }

        Assert.That(again, Is.All.EqualTo(first.Address()));
    }

    [Test]
    public async Task StickyShorthand_PolicySticky_IsRoundRobinWithStickiness()
    {
        using var host = new TestHost(settings: Mounts.Pool("sticky"));
        using var admin = host.Client();

        var pool = await Mounts.AddressPoolAsync(admin);

        Assert.That(pool["policy"]!.GetValue<string>(), Is.EqualTo("round_robin"));
        Assert.That(pool["sticky"]!.GetValue<bool>(), Is.True);
    }

    [Test]
    public async Task NotSticky_SameClient_MovesOnWithTheTurn()
    {
        using var host = new TestHost(settings: Mounts.Pool("round_robin"));
        using var demo = host.Client(TestHost.DemoToken);
        var share = await Mounts.ShareAsync(demo);

        var first = await Mounts.MountOkAsync(demo, share, "192.0.2.7", level: "ro");
        var second = await Mounts.MountOkAsync(demo, share, "192.0.2.7", level: "ro");

        Assert.That(second.Address(), Is.Not.EqualTo(first.Address()));
    }

    [TestCase("round_robin")]
    [TestCase("least_connections")]
    [TestCase("weighted")]
    public async Task UnhealthyAddresses_AreNeverHandedOutWhileAHealthyOneExists(string policy)
    {
        using var host = new TestHost(settings: Mounts.Pool(policy, weights: [1, 1, 9, 9], unhealthy: ["10.0.0.3", "10.0.0.4"]));
        using var demo = host.Client(TestHost.DemoToken);
        var share = await Mounts.ShareAsync(demo);

        var addresses = new List<string>();
        for (var i = 0; i < 12; i++)
        {
            addresses.Add((await Mounts.MountOkAsync(demo, share, $"192.0.2.{i + 1}", level: "ro")).Address());
        }

        Assert.That(addresses, Is.All.AnyOf("10.0.0.1", "10.0.0.2"));
        Assert.That(addresses.Distinct().Count(), Is.EqualTo(2));
    }

    [Test]
    public async Task AllUnhealthy_Mount503NamingTheAddressesAndNothingIsGranted()
    {
        using var host = new TestHost(settings: Mounts.Pool(unhealthy: Mounts.FourAddresses));
        using var demo = host.Client(TestHost.DemoToken);
        using var admin = host.Client();
        var share = await Mounts.ShareAsync(demo);

        var response = await Mounts.MountAsync(demo, share);

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.ServiceUnavailable), response.Body);
        Assert.That(response.FaultName, Is.EqualTo("serviceUnavailable"));
        Assert.That(response.ErrorMessage, Does.Contain("No healthy address").And.Contain("10.0.0.4"));
        Assert.That((await demo.GetAsync("/v2/sharehost/mounts")).Json["mounts"]!.AsArray(), Is.Empty);
        Assert.That((await Mounts.LiveMountsAsync(admin)).Values.Sum(), Is.Zero);
    }

    [Test]
    public async Task AllUnhealthy_WithTheDriverPicking_Still503()
    {
        using var host = new TestHost(settings: Mounts.Pool(unhealthy: Mounts.FourAddresses, driverPicks: true));
        using var demo = host.Client(TestHost.DemoToken);
        var share = await Mounts.ShareAsync(demo);

        var response = await Mounts.MountAsync(demo, share);

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.ServiceUnavailable), response.Body);
    }

    [Test]
    public async Task ConfiguredAddresses_UsedWhenTheDriverReportsNone()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Backends:dummy1:Options:Addresses:0:Address"] = null,
            ["Backends:dummy1:Addresses:0"] = "172.16.0.1",
            ["Backends:dummy1:Addresses:1"] = "172.16.0.2",
            ["Backends:dummy1:Mounts:DriverPicks"] = "false",
        };
        using var host = new TestHost(settings: settings);
        using var demo = host.Client(TestHost.DemoToken);
        using var admin = host.Client();
        var share = await Mounts.ShareAsync(demo);

        var first = await Mounts.MountOkAsync(demo, share, "192.0.2.1", level: "ro");
        var second = await Mounts.MountOkAsync(demo, share, "192.0.2.2", level: "ro");
        var pool = await Mounts.AddressPoolAsync(admin);

        Assert.That(new[] { first.Address(), second.Address() }, Is.EquivalentTo(new[] { "172.16.0.1", "172.16.0.2" }));
        Assert.That(pool["addresses_from"]!.GetValue<string>(), Is.EqualTo("configuration"));
    }

    [Test]
    public void WeightedPick_FiveOneOne_IsNginxSmoothSequence()
    {
        var healthy = new List<ExportAddress>
        {
            new() { Address = "a", Weight = 5 },
            new() { Address = "b", Weight = 1 },
            new() { Address = "c", Weight = 1 },
        };
        var scores = new Dictionary<string, long>();

        var sequence = Enumerable.Range(0, 7).Select(_ => AddressPolicies.Weighted(healthy, scores)).ToList();

        Assert.That(sequence, Is.EqualTo(new[] { "a", "a", "b", "a", "c", "a", "a" }));
    }

    [Test]
    public void LeastConnectionsPick_TiesGoRoundInTurn()
    {
        var healthy = new List<ExportAddress> { new() { Address = "a" }, new() { Address = "b" }, new() { Address = "c" } };
        long turn = 0;

        var picks = Enumerable.Range(0, 3).Select(_ => AddressPolicies.LeastConnections(healthy, _ => 0, ref turn)).ToList();

        Assert.That(picks, Is.EqualTo(new[] { "a", "b", "c" }));
    }

    [Test]
    public async Task PoolsDetail_ShowsAddressesWithHealthWeightLiveMountsAndPolicy()
    {
        using var host = new TestHost(settings: Mounts.Pool("least_connections", weights: [1, 2, 3, 4], unhealthy: ["10.0.0.4"]));
        using var demo = host.Client(TestHost.DemoToken);
        using var admin = host.Client();
        var share = await Mounts.ShareAsync(demo);
        await Mounts.MountOkAsync(demo, share);

        var pools = await admin.GetAsync("/v2/scheduler-stats/pools/detail?backend=dummy1");

        var capabilities = pools.Json["pools"]![0]!["capabilities"]!;
        var addresses = capabilities["sharehost_addresses"]!.AsArray();
        Assert.Multiple(() =>
        {
            Assert.That(capabilities["sharehost_mount_policy"]!.GetValue<string>(), Is.EqualTo("least_connections"));
            Assert.That(addresses.Select(a => a!["address"]!.GetValue<string>()), Is.EqualTo(Mounts.FourAddresses));
            Assert.That(addresses.Select(a => a!["weight"]!.GetValue<int>()), Is.EqualTo(new[] { 1, 2, 3, 4 }));
            Assert.That(addresses.Select(a => a!["healthy"]!.GetValue<bool>()), Is.EqualTo(new[] { true, true, true, false }));
            Assert.That(addresses.Sum(a => a!["live_mounts"]!.GetValue<int>()), Is.EqualTo(1));
        });
    }
}
