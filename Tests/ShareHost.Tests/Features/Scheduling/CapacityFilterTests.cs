using ShareHost.Features.Scheduling.Filters;
using static ShareHost.Tests.Features.Scheduling.Pools;

namespace ShareHost.Tests.Features.Scheduling;

/// <summary>Manila's CapacityFilter (manila-zed §6.1): reserved space off the top, thick needs free space, thin stays under the ratio.</summary>
public sealed class CapacityFilterTests
{
    private readonly CapacityFilter _filter = new();

    [TestCase(100, true)]
    [TestCase(101, false)]
    public void Passes_Thick_NeedsTheFreeSpace(int size, bool expected)
    {
        var passes = _filter.Passes(Pool(total: 1000, free: 100), Request(size));

        Assert.That(passes, Is.EqualTo(expected));
    }

    [Test]
    public void Passes_Thick_FreeSpaceIsRoundedDown()
    {
        var passes = _filter.Passes(Pool(total: 1000, free: 100.9), Request(101));

        Assert.That(passes, Is.False);
    }

    [TestCase(50, true)]
    [TestCase(51, false)]
    public void Passes_ReservedPercentage_IsTakenOffTheTop(int size, bool expected)
    {
        // 10 % of 1000 GiB is reserved, so of 150 GiB free only 50 GiB can be used.
        var passes = _filter.Passes(Pool(total: 1000, free: 150, reserved: 10), Request(size));

        Assert.That(passes, Is.EqualTo(expected));
    }

    [Test]
    public void Passes_FreeSpaceAllReserved_Fails()
    {
        var passes = _filter.Passes(Pool(total: 1000, free: 50, reserved: 10), Request(1));

        Assert.That(passes, Is.False);
    }

    [Test]
    public void Passes_Thin_AcceptsMoreThanTheFreeSpace()
    {
        // 10 GiB free, ratio 20: up to 200 GiB virtual, and (90 + 50) / 100 = 1.4 is far under the ratio.
        var pool = Pool(total: 100, free: 10, provisioned: 90, thin: true, ratio: 20);

        Assert.That(_filter.Passes(pool, Request(50)), Is.True);
        Assert.That(_filter.Passes(pool with { ThinProvisioning = false }, Request(50)), Is.False, "the same pool thick");
    }

    [TestCase(50, true)]
    [TestCase(51, false)]
    public void Passes_Thin_ProvisionedPlusSizeOverTotalTimesRatio_Fails(int size, bool expected)
    {
        // (1950 + 50) / 100 = 20.0 is still within the ratio; 20.01 is not.
        var pool = Pool(total: 100, free: 100, provisioned: 1950, thin: true, ratio: 20);

        var passes = _filter.Passes(pool, Request(size));

        Assert.That(passes, Is.EqualTo(expected));
    }

    [TestCase(2, true)]
    [TestCase(3, false)]
    public void Passes_Thin_FreeTimesRatioMustCoverTheSize(int size, bool expected)
    {
        var pool = Pool(total: 1000, free: 1, provisioned: 0, thin: true, ratio: 2);

        var passes = _filter.Passes(pool, Request(size));

        Assert.That(passes, Is.EqualTo(expected));
    }

    [Test]
    public void Passes_Thin_ReservedIsTakenBeforeTheRatio()
    {
        // 110 free − 10 % of 1000 = 10 usable, × 2 = 20 virtual.
        var pool = Pool(total: 1000, free: 110, reserved: 10, thin: true, ratio: 2);

        Assert.That(_filter.Passes(pool, Request(20)), Is.True);
        Assert.That(_filter.Passes(pool, Request(21)), Is.False);
    }

    [TestCase("thin_provisioning", "False")]
    [TestCase("thin_provisioning", "<is> False")]
    [TestCase("thin_provisioning", "false")]
    [TestCase("capabilities:thin_provisioning", "<is> False")]
    public void Passes_TypeAsksForThick_ThinPoolIsJudgedThick(string key, string value)
    {
        var pool = Pool(total: 100, free: 10, provisioned: 0, thin: true, ratio: 20);

        var passes = _filter.Passes(pool, Request(50, specs: Specs((key, value))));

        Assert.That(passes, Is.False);
    }

    [TestCase("True")]
    [TestCase("<is> True")]
    public void Passes_TypeAsksForThin_ThinPoolStaysThin(string value)
    {
        var pool = Pool(total: 100, free: 10, provisioned: 0, thin: true, ratio: 20);

        var passes = _filter.Passes(pool, Request(50, specs: Specs(("thin_provisioning", value))));

        Assert.That(passes, Is.True);
    }

    [Test]
    public void Passes_UnknownFreeSpace_Passes()
    {
        var passes = _filter.Passes(Pool(total: null, free: null, reserved: 50), Request(1_000_000));

        Assert.That(passes, Is.True);
    }

    [TestCase(0, 100, true)]
    [TestCase(0, 101, false)]
    [TestCase(5, 1, false)]
    public void Passes_UnknownTotal_OnlyWithoutReserveAndWithinFree(int reserved, int size, bool expected)
    {
        var passes = _filter.Passes(Pool(total: null, free: 100, reserved: reserved), Request(size));

        Assert.That(passes, Is.EqualTo(expected));
    }

    [TestCase(0.0)]
    [TestCase(-5.0)]
    public void Passes_NoTotalCapacity_Fails(double total)
    {
        var passes = _filter.Passes(Pool(total: total, free: 100), Request(1));

        Assert.That(passes, Is.False);
    }

    [Test]
    public void Passes_Extend_UsesTheExtendReservation()
    {
        // 20 GiB free of 100: the create reservation (50 %) leaves nothing, the extend one (10 %) leaves 10 GiB.
        var pool = Pool(total: 100, free: 20, reserved: 50, reservedExtend: 10);

        Assert.That(_filter.Passes(pool, Request(10)), Is.False);
        Assert.That(_filter.Passes(pool, Request(10, extend: true)), Is.True);
        Assert.That(_filter.Passes(pool, Request(11, extend: true)), Is.False);
    }

    [Test]
    public void Passes_FromSnapshot_UsesTheSnapshotReservation()
    {
        var pool = Pool(total: 100, free: 20, reserved: 0, reservedSnapshot: 15);

        Assert.That(_filter.Passes(pool, Request(10)), Is.True);
        Assert.That(_filter.Passes(pool, Request(10, fromSnapshot: true)), Is.False);
    }
}
