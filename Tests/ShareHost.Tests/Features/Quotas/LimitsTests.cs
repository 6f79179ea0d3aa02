using System.Net;
using ShareHost.Tests.Infrastructure;

namespace ShareHost.Tests.Features.Quotas;

public sealed class LimitsTests
{
    private TestHost _host = null!;
    private ApiClient _demo = null!;

    // One host for the fixture: the test that changes the project's quota starts its own.
    [OneTimeSetUp]
    public void SetUp()
    {
        _host = new TestHost();
        _demo = _host.Client(TestHost.DemoToken);
    }

    [SetUp]
    public void ResetClients()
    {
        _demo.Version = "2.72";
    }

    [OneTimeTearDown]
    public void TearDown()
    {
        _demo.Dispose();
        _host.Dispose();
    }

    [Test]
    public async Task GetLimits_AfterCreates_ShowsTheProjectsLimitsAndUsage()
    {
        await _demo.CreateShareAsync(size: 2);
        await _demo.CreateShareAsync(size: 4);
        using var other = _host.Client(TestHost.OtherToken);
        await other.CreateShareAsync(size: 7);

        var response = await _demo.GetAsync("/v2/limits");

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.OK), response.Body);
        var absolute = response.Json["limits"]!["absolute"]!;
        Assert.Multiple(() =>
        {
            Assert.That(response.Json["limits"]!["rate"]!.AsArray(), Is.Empty);
            Assert.That(absolute["maxTotalShares"]!.GetValue<int>(), Is.EqualTo(50));
            Assert.That(absolute["totalSharesUsed"]!.GetValue<int>(), Is.EqualTo(2));
            Assert.That(absolute["maxTotalShareGigabytes"]!.GetValue<int>(), Is.EqualTo(1000));
            Assert.That(absolute["totalShareGigabytesUsed"]!.GetValue<int>(), Is.EqualTo(6));
            Assert.That(absolute["maxTotalShareSnapshots"]!.GetValue<int>(), Is.EqualTo(50));
            Assert.That(absolute["totalShareSnapshotsUsed"]!.GetValue<int>(), Is.Zero);
            Assert.That(absolute["maxTotalSnapshotGigabytes"]!.GetValue<int>(), Is.EqualTo(1000));
            Assert.That(absolute["maxTotalShareNetworks"]!.GetValue<int>(), Is.EqualTo(10));
        });
    }

    [Test]
    public async Task GetLimits_AfterQuotaUpdate_ShowsTheNewLimit()
    {
        using var host = new TestHost();
        using var demo = host.Client(TestHost.DemoToken);
        using var admin = host.Client();
        await admin.PutAsync("/v2/quota-sets/demoproject", new { quota_set = new { shares = 4 } });

        var absolute = (await demo.GetAsync("/v2/limits")).Json["limits"]!["absolute"]!;

        Assert.That(absolute["maxTotalShares"]!.GetValue<int>(), Is.EqualTo(4));
    }

    [TestCase("2.0", false, false)]
    [TestCase("2.53", true, false)]
    [TestCase("2.58", true, true)]
    public async Task GetLimits_Microversion_GatesReplicaAndGroupKeys(string version, bool replicas, bool groups)
    {
        _demo.Version = version;

        var absolute = (await _demo.GetAsync("/v2/limits")).Json["limits"]!["absolute"]!.AsObject();

        Assert.Multiple(() =>
        {
            Assert.That(absolute.ContainsKey("maxTotalShareReplicas"), Is.EqualTo(replicas));
            Assert.That(absolute.ContainsKey("totalReplicaGigabytesUsed"), Is.EqualTo(replicas));
            Assert.That(absolute.ContainsKey("maxTotalShareGroups"), Is.EqualTo(groups));
            Assert.That(absolute.ContainsKey("totalShareGroupSnapshotsUsed"), Is.EqualTo(groups));
        });
    }
}
