using ShareHost.Features.Scheduling;
using ShareHost.Features.Scheduling.Filters;
using static ShareHost.Tests.Features.Scheduling.Pools;

namespace ShareHost.Tests.Features.Scheduling;

/// <summary>Manila's CreateFromSnapshot filter (manila-zed §6.1), with the capability the pool must advertise.</summary>
public sealed class CreateFromSnapshotFilterTests
{
    private static readonly CreateFromSnapshotFilter Filter = new();

    private static readonly Dictionary<string, object?> Capable = new() { ["create_share_from_snapshot_support"] = true };

    [Test]
    public void Passes_NotFromSnapshot_EveryPool()
    {
        var pool = Pool(backend: "elsewhere", capabilities: new Dictionary<string, object?>());

        Assert.That(Filter.Passes(pool, Request()), Is.True);
    }

    [TestCase("b1", null, null, true)]
    [TestCase("b2", null, null, false)]
    [TestCase("b2", "lab", "lab", true)]
    [TestCase("b2", "lab", "other", false)]
    [TestCase("b2", null, "lab", false)]
    [TestCase("b2", "lab", null, false)]
    public void Passes_FromSnapshot_SameBackendOrSameReplicationDomain(string backend, string? sourceDomain, string? poolDomain, bool passes)
    {
        var pool = Pool(backend: backend, capabilities: Capable) with { ReplicationDomain = poolDomain };
        var request = Request(fromSnapshot: true) with { Snapshot = new SnapshotSource("b1", "p", "az1", sourceDomain) };

        Assert.That(Filter.Passes(pool, request), Is.EqualTo(passes));
    }

    [Test]
    public void Passes_SameBackendWithoutTheCapability_Fails()
    {
        var pool = Pool(backend: "b1", capabilities: new Dictionary<string, object?> { ["create_share_from_snapshot_support"] = false });
        var request = Request(fromSnapshot: true) with { Snapshot = new SnapshotSource("b1", "p", "az1", null) };

        Assert.That(Filter.Passes(pool, request), Is.False);
    }
}
