namespace ShareHost.Drivers.Dummy;

/// <summary>The Dummy backend's <c>Options</c> section.</summary>
public sealed partial class DummyOptions
{
    public List<DummyPoolOptions> Pools { get; init; } = [];

    /// <summary>The protocols served; empty means NFS and CIFS. (A non-empty default would be appended to by the binder, not replaced.)</summary>
    public List<string> StorageProtocols { get; init; } = [];

    public string VendorName { get; init; } = "ShareHost";

    public string DriverVersion { get; init; } = "1.0";

    /// <summary>The address pool, as <c>"127.0.0.1"</c> strings or objects with Address, Healthy and Weight.</summary>
    public List<DummyAddressOptions> Addresses { get; init; } = [];

    public bool Ipv6Support { get; init; }

    /// <summary>GiB reported as used in every share (shrinking below it is refused).</summary>
    public int UsedGb { get; init; }

    /// <summary>When set, shares are also kept in this file (relative to the backend's state directory) across restarts.</summary>
    public string? StateFile { get; init; }
}

public sealed partial class DummyPoolOptions
{
    public string Name { get; init; } = "pool";

    public double? TotalCapacityGb { get; init; } = 1000;

    public int ReservedPercentage { get; init; }

    public int ReservedSnapshotPercentage { get; init; }

    public int ReservedShareExtendPercentage { get; init; }

    public List<bool> ThinProvisioning { get; init; } = [];

    public double MaxOverSubscriptionRatio { get; init; } = 20;

    public string? ReplicationType { get; init; }

    public string? ReplicationDomain { get; init; }

    public List<bool> Qos { get; init; } = [];

    public List<bool> Dedupe { get; init; } = [];

    public List<bool> Compression { get; init; } = [];

    /// <summary>Extra capabilities: "true"/"false" become booleans, numbers become numbers, "a,b" stays a string.</summary>
    public Dictionary<string, string> Capabilities { get; init; } = [];
}

public sealed class DummyAddressOptions
{
    public string Address { get; init; } = "";

    public bool Healthy { get; init; } = true;

    public int Weight { get; init; } = 1;
}

/// <summary>Failure injection for one operation (keys are method names without Async: CreateShare, GetStats …).</summary>
public sealed class DummyFaultOptions
{
    /// <summary>Every Nth call fails (0 = never).</summary>
    public int FailEveryNth { get; init; }

    /// <summary>This fraction of calls fails at random (0–1).</summary>
    public double FailRatio { get; init; }

    /// <summary>Calls never finish until cancelled.</summary>
    public bool Hang { get; init; }

    /// <summary>With <see cref="Hang"/>: also ignore cancellation, like a driver stuck in a syscall.</summary>
    public bool IgnoreCancellation { get; init; }

    public string Message { get; init; } = "Injected failure";
}
