namespace ShareHost.Features.Mounts.Pools;

/// <summary>
/// A backend's <c>Backends:&lt;name&gt;:Mounts</c> section. <c>Policy</c> is the base policy (<c>round_robin</c>, the
/// default; <c>least_connections</c>; <c>weighted</c>) and <c>Sticky: true</c> adds stickiness to it: a client that
/// holds a live lease on the share keeps that address. <c>Policy: sticky</c> is short for round_robin + Sticky.
/// </summary>
public sealed class BackendMountSettings
{
    public string? Policy { get; init; }

    public bool? Sticky { get; init; }

    /// <summary>Overrides Mounts:PickBudgetMs for this backend.</summary>
    public double? PickBudgetMs { get; init; }

    /// <summary>Ask the driver to choose when it can (it implements IAddressPicker); false makes the host's policy choose always.</summary>
    public bool DriverPicks { get; init; } = true;
}

public enum AddressPolicy
{
    RoundRobin,
    LeastConnections,
    Weighted,
}
