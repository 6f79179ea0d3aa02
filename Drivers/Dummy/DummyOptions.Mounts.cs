namespace ShareHost.Drivers.Dummy;

public sealed partial class DummyOptions
{
    /// <summary>
    /// Mount settings: <c>MountOptions:&lt;protocol&gt;</c> (reported in the stats). Address picking is tuned live
    /// (read on every pick): <c>Mounts:PickLatencyMs</c>, <c>Mounts:PickIgnoresCancellation</c> (the delay runs out
    /// whatever the host's budget says), <c>Mounts:AnswerAddress</c> (always answer this address, even a wrong one),
    /// <c>Mounts:PickMountOptions</c>; failures through <c>Faults:PickAddress:…</c>.
    /// </summary>
    public DummyMountOptions Mounts { get; init; } = new();
}

public sealed class DummyMountOptions
{
    /// <summary>Mount options per protocol, e.g. <c>NFS</c> → <c>vers=4.1</c>.</summary>
    public Dictionary<string, string> MountOptions { get; init; } = [];
}
