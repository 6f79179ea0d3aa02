namespace ShareHost.Abstractions;

/// <summary>What a driver returns when it has created a share instance.</summary>
public sealed class CreateShareResult
{
    /// <summary>The export locations of the new instance, as paths without an address. At least one.</summary>
    public required IReadOnlyList<ExportPath> ExportLocations { get; init; }
}
