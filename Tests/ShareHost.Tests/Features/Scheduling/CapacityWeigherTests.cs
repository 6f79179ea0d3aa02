using ShareHost.Features.Scheduling;
using static ShareHost.Tests.Features.Scheduling.Pools;

namespace ShareHost.Tests.Features.Scheduling;

/// <summary>Manila's CapacityWeigher (manila-zed §6.1): the most (virtually) free space wins; unknown capacity sorts last.</summary>
public sealed class CapacityWeigherTests
{
    [Test]
    public void Weigh_Thick_IsFreeMinusReserved()
    {
        var weight = CapacityWeigher.Weigh(Pool(total: 1000, free: 500.7, reserved: 10), Request());

        Assert.That(weight, Is.EqualTo(400));
    }

    [Test]
    public void Weigh_Thin_IsVirtualCapacityLeft()
    {
        // 1000 × 2 − 300 provisioned − 100 reserved.
        var weight = CapacityWeigher.Weigh(Pool(total: 1000, free: 900, provisioned: 300, reserved: 10, thin: true, ratio: 2), Request());

        Assert.That(weight, Is.EqualTo(1600));
    }

    [Test]
    public void Weigh_ThinPoolForAThickType_IsStillWeighedThinAsManila()
    {
        var pool = Pool(total: 1000, free: 900, provisioned: 300, thin: true, ratio: 2);

        var weight = CapacityWeigher.Weigh(pool, Request(specs: Specs(("thin_provisioning", "<is> False"))));

        Assert.That(weight, Is.EqualTo((1000 * 2) - 300));
    }

    [Test]
    public void Weigh_ThinOverThickWithLessFreeSpace_CanStillWin()
    {
        var thin = Pool(backend: "thin", total: 1000, free: 100, provisioned: 900, thin: true, ratio: 5);
        var thick = Pool(backend: "thick", total: 1000, free: 800);

        Assert.That(CapacityWeigher.Weigh(thin, Request()), Is.GreaterThan(CapacityWeigher.Weigh(thick, Request())));
    }

    [TestCase(null, 100.0)]
    [TestCase(1000.0, null)]
    [TestCase(null, null)]
    public void Weigh_UnknownCapacity_SortsBelowAnyKnownPool(double? total, double? free)
    {
        var unknown = CapacityWeigher.Weigh(Pool(total: total, free: free), Request());
        var full = CapacityWeigher.Weigh(Pool(total: 1000, free: 0, reserved: 50), Request());

        Assert.That(unknown, Is.LessThan(full));
    }
}
