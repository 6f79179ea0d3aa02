namespace ShareHost.Drivers.Dummy;

public sealed partial class DummyOptions
{
    /// <summary>Access rules (<c>Options:Access</c>): per-rule failure injection.</summary>
    public DummyAccessOptions Access { get; init; } = new();
}

/// <summary>
/// Per-rule failure injection for the sync-access call. Whole-call failures and latency use the generic
/// <c>Faults:UpdateAccess</c> and <c>LatencyMs:UpdateAccess</c>.
/// </summary>
public sealed class DummyAccessOptions
{
    /// <summary>Rules whose target is one of these (e.g. <c>10.9.9.9</c>, a user name) fail with <see cref="FailMessage"/>.</summary>
    public List<string> FailAccessTo { get; init; } = [];

    public string FailMessage { get; init; } = "Injected access rule failure";
}
