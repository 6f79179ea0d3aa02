namespace ShareHost.Features.Mounts;

/// <summary>The <c>Mounts</c> section: lease lengths and the driver's time budget for choosing an address.</summary>
public sealed class MountOptions
{
    public const string Section = "Mounts";

    /// <summary>The lease a mount gets when it asks for none.</summary>
    public int DefaultLeaseSeconds { get; init; } = 60;

    /// <summary>The longest lease a mount or renewal may ask for.</summary>
    public int MaxLeaseSeconds { get; init; } = 3600;

    /// <summary>How long a driver may take to choose an address before the host chooses with its own policy.</summary>
    public double PickBudgetMs { get; init; } = 200;
}
