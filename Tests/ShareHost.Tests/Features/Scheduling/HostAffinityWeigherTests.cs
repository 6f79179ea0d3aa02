using ShareHost.Features.Scheduling;
using static ShareHost.Tests.Features.Scheduling.Pools;

namespace ShareHost.Tests.Features.Scheduling;

/// <summary>Manila's host-affinity weigher and the normalised weighing the scheduler sums (manila-zed §6.1).</summary>
public sealed class HostAffinityWeigherTests
{
    private static readonly ScheduleRequest FromSnapshot = Request(fromSnapshot: true) with { Snapshot = new SnapshotSource("b1", "p", "az1", null) };

    [TestCase("b1", "p", "az1", 100)]
    [TestCase("b1", "q", "az1", 75)]
    [TestCase("b2", "p", "az1", 50)]
    [TestCase("b2", "p", "az2", 25)]
    public void Weigh_FromSnapshot_PrefersTheSnapshotsPoolThenBackendThenZone(string backend, string pool, string zone, double weight)
    {
        Assert.That(HostAffinityWeigher.Weigh(Pool(backend: backend, pool: pool, zone: zone), FromSnapshot), Is.EqualTo(weight));
    }

    [Test]
    public void Weigh_NotFromSnapshot_Zero()
    {
        Assert.That(HostAffinityWeigher.Weigh(Pool(), Request()), Is.Zero);
    }

    [Test]
    public void Normalize_RangeToZeroOne_EqualToZero_UnknownBelowAll()
    {
        Assert.That(Weighing.Normalize([10, 20, 15]), Is.EqualTo(new[] { 0, 1, 0.5 }));
        Assert.That(Weighing.Normalize([7, 7]), Is.EqualTo(new[] { 0.0, 0.0 }));
        Assert.That(Weighing.Normalize([double.NegativeInfinity, 3, 5]), Is.EqualTo(new[] { -1, 0, 1 }));
    }

    [Test]
    public void Best_AffinityAndCapacitySummed_AsManila()
    {
        // The snapshot's own, nearly full pool: capacity 0 + affinity 1 = 1.0; the backend's roomy other pool:
        // capacity 1 + affinity 0.667 = 1.667; the far backend: capacity 0.55 + affinity 0 = 0.55.
        var own = Pool(backend: "b1", pool: "p", free: 10, total: 1000);
        var sibling = Pool(backend: "b1", pool: "q", free: 900, total: 1000);
        var far = Pool(backend: "b2", pool: "p", zone: "az2", free: 500, total: 1000);

        var best = Weighing.Best([own, far, sibling], FromSnapshot, CapacityWeigher.Weigh, HostAffinityWeigher.Weigh);

        Assert.That(best, Is.EqualTo(2));
    }

    [Test]
    public void Best_TiesGoToTheFirstListed()
    {
        var best = Weighing.Best([Pool(pool: "a"), Pool(pool: "b")], Request(), CapacityWeigher.Weigh, HostAffinityWeigher.Weigh);

        Assert.That(best, Is.Zero);
    }
}
