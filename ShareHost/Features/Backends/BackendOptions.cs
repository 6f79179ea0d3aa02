namespace ShareHost.Features.Backends;

/// <summary>One entry under <c>Backends</c>: which driver serves it, in which zone, with which options.</summary>
public sealed class BackendOptions
{
    public const string Section = "Backends";

    /// <summary>The driver name, as its plugin declares it with [ShareDriver].</summary>
    public string Driver { get; init; } = "";

    public string AvailabilityZone { get; init; } = "nova";

    /// <summary>Addresses clients mount from when the driver reports none itself.</summary>
    public List<string> Addresses { get; init; } = [];

    /// <summary>Overrides ShareHost:DriverCallTimeoutSeconds for this backend.</summary>
    public double? DriverCallTimeoutSeconds { get; init; }
}
