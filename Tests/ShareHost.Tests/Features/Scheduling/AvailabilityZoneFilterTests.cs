using ShareHost.Features.Scheduling.Filters;
using static ShareHost.Tests.Features.Scheduling.Pools;

namespace ShareHost.Tests.Features.Scheduling;

public sealed class AvailabilityZoneFilterTests
{
    private readonly AvailabilityZoneFilter _filter = new();

    [Test]
    public void Passes_NoZoneRequestedNoTypeZones_AnyPoolPasses()
    {
        var passes = _filter.Passes(Pool(zone: "az9"), Request());

        Assert.That(passes, Is.True);
    }

    [TestCase("az1", true)]
    [TestCase("az2", false)]
    [TestCase("AZ1", false)]
    public void Passes_RequestedZone_OnlyPoolsInThatZone(string requested, bool expected)
    {
        var passes = _filter.Passes(Pool(zone: "az1"), Request(zone: requested));

        Assert.That(passes, Is.EqualTo(expected));
    }

    [TestCase("az1", true)]
    [TestCase("az1,az3", true)]
    [TestCase("az3, az1", true)]
    [TestCase(" az1 ,", true)]
    [TestCase("az2,az3", false)]
    [TestCase("az10", false)]
    public void Passes_TypeAvailabilityZones_PoolZoneMustBeListed(string csv, bool expected)
    {
        var passes = _filter.Passes(Pool(zone: "az1"), Request(specs: Specs(("availability_zones", csv))));

        Assert.That(passes, Is.EqualTo(expected));
    }

    [TestCase("")]
    [TestCase(" , ")]
    public void Passes_EmptyTypeAvailabilityZones_RestrictNothing(string csv)
    {
        var passes = _filter.Passes(Pool(zone: "az1"), Request(specs: Specs(("availability_zones", csv))));

        Assert.That(passes, Is.True);
    }

    [Test]
    public void Passes_CapabilitiesScopedAvailabilityZones_AreHonouredToo()
    {
        var passes = _filter.Passes(Pool(zone: "az1"), Request(specs: Specs(("capabilities:availability_zones", "az2"))));

        Assert.That(passes, Is.False);
    }

    [Test]
    public void Passes_RequestedZoneAllowedButTypeExcludesIt_Fails()
    {
        var passes = _filter.Passes(Pool(zone: "az1"), Request(zone: "az1", specs: Specs(("availability_zones", "az2"))));

        Assert.That(passes, Is.False);
    }
}
