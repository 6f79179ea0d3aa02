using ShareHost.Features.Scheduling.Filters;
using static ShareHost.Tests.Features.Scheduling.Pools;

namespace ShareHost.Tests.Features.Scheduling;

/// <summary>Manila's CapabilitiesFilter and the scheduler's rewriting of standard specs (manila-zed §6.1, §6.2).</summary>
public sealed class CapabilitiesFilterTests
{
    private static readonly Dictionary<string, object?> NfsPool = new()
    {
        ["storage_protocol"] = "NFS_CIFS",
        ["driver_handles_share_servers"] = false,
        ["snapshot_support"] = true,
        ["create_share_from_snapshot_support"] = false,
        ["revert_to_snapshot_support"] = false,
        ["mount_snapshot_support"] = false,
        ["dedupe"] = new List<object> { true, false },
        ["compression"] = false,
        ["thin_provisioning"] = true,
        ["replication_type"] = null,
        ["share_backend_name"] = "dummy1",
        ["total_capacity_gb"] = 1000.0,
        ["vendor_name"] = "ShareHost",
    };

    private readonly CapabilitiesFilter _filter = new();

    [TestCase("driver_handles_share_servers", "False", "<is> False")]
    [TestCase("snapshot_support", "True", "<is> True")]
    [TestCase("create_share_from_snapshot_support", "true", "<is> true")]
    [TestCase("revert_to_snapshot_support", "False", "<is> False")]
    [TestCase("mount_snapshot_support", "True", "<is> True")]
    [TestCase("snapshot_support", "<is> True", "<is> True")]
    [TestCase("snapshot_support", "<IS> True", "<IS> True")]
    [TestCase("dedupe", "True", "True")]
    [TestCase("replication_type", "readable", "readable")]
    [TestCase("capabilities:snapshot_support", "True", "True")]
    public void Rewrite_StandardBooleanSpecs_GetTheIsOperator(string key, string value, string expected)
    {
        var specs = CapabilitiesFilter.Rewrite(Request(specs: Specs((key, value))));

        Assert.That(specs[key], Is.EqualTo(expected));
    }

    [TestCase("NFS", "<in> NFS")]
    [TestCase("CIFS", "<in> CIFS")]
    public void Rewrite_NoStorageProtocolSpec_AddsTheRequestedProtocol(string protocol, string expected)
    {
        var specs = CapabilitiesFilter.Rewrite(Request(protocol: protocol));

        Assert.That(specs["storage_protocol"], Is.EqualTo(expected));
    }

    [Test]
    public void Rewrite_TypeSetsStorageProtocol_KeepsIt()
    {
        var specs = CapabilitiesFilter.Rewrite(Request(protocol: "NFS", specs: Specs(("storage_protocol", "<in> CEPHFS"))));

        Assert.That(specs["storage_protocol"], Is.EqualTo("<in> CEPHFS"));
    }

    [Test]
    public void Rewrite_LeavesTheRequestUntouched()
    {
        var request = Request(specs: Specs(("snapshot_support", "True")));

        CapabilitiesFilter.Rewrite(request);

        Assert.That(request.ExtraSpecs, Is.EquivalentTo(Specs(("snapshot_support", "True"))));
    }

    [TestCase("NFS", true)]
    [TestCase("nfs", true)]
    [TestCase("CIFS", true)]
    [TestCase("CEPHFS", false)]
    public void Passes_Protocol_MustBeServedByThePool(string protocol, bool expected)
    {
        var passes = _filter.Passes(Pool(capabilities: NfsPool), Request(protocol: protocol));

        Assert.That(passes, Is.EqualTo(expected));
    }

    [TestCase("snapshot_support", "True", true)]
    [TestCase("snapshot_support", "False", false)]
    [TestCase("create_share_from_snapshot_support", "True", false)]
    [TestCase("driver_handles_share_servers", "False", true)]
    [TestCase("driver_handles_share_servers", "True", false)]
    [TestCase("share_backend_name", "dummy1", true)]
    [TestCase("share_backend_name", "dummy2", false)]
    [TestCase("vendor_name", "sharehost", true)]
    [TestCase("total_capacity_gb", ">= 500", true)]
    [TestCase("total_capacity_gb", "<= 500", false)]
    [TestCase("replication_type", "readable", false)]
    [TestCase("gold_tier", "True", false)]
    public void Passes_ExtraSpec_AgainstPoolCapabilities(string key, string value, bool expected)
    {
        var passes = _filter.Passes(Pool(capabilities: NfsPool), Request(specs: Specs((key, value))));

        Assert.That(passes, Is.EqualTo(expected));
    }

    [TestCase("acme:turbo", "True")]
    [TestCase("provisioning:max_share_size", "10")]
    [TestCase("zfsonlinux:compression", "lz4")]
    public void Passes_VendorScopedSpec_IsIgnored(string key, string value)
    {
        var passes = _filter.Passes(Pool(capabilities: NfsPool), Request(specs: Specs((key, value))));

        Assert.That(passes, Is.True);
    }

    [TestCase("capabilities:compression", "<is> True", false)]
    [TestCase("capabilities:compression", "<is> False", true)]
    [TestCase("capabilities:gold_tier", "True", false)]
    [TestCase("capabilities:share_backend_name", "dummy1", true)]
    public void Passes_CapabilitiesScope_IsMatchedAgainstThePool(string key, string value, bool expected)
    {
        var passes = _filter.Passes(Pool(capabilities: NfsPool), Request(specs: Specs((key, value))));

        Assert.That(passes, Is.EqualTo(expected));
    }

    [TestCase("<is> True")]
    [TestCase("<is> False")]
    [TestCase("True")]
    [TestCase("False")]
    public void Passes_ListCapability_AnyOfferedValueSatisfies(string value)
    {
        var passes = _filter.Passes(Pool(capabilities: NfsPool), Request(specs: Specs(("dedupe", value))));

        Assert.That(passes, Is.True);
    }

    [Test]
    public void Passes_AvailabilityZonesSpec_IsNotACapability()
    {
        var passes = _filter.Passes(Pool(capabilities: NfsPool), Request(specs: Specs(("availability_zones", "az1"))));

        Assert.That(passes, Is.True);
    }

    [Test]
    public void Passes_SeveralSpecs_AllMustHold()
    {
        var specs = Specs(("snapshot_support", "True"), ("dedupe", "<is> True"), ("compression", "<is> True"));

        var passes = _filter.Passes(Pool(capabilities: NfsPool), Request(specs: specs));

        Assert.That(passes, Is.False);
    }
}
