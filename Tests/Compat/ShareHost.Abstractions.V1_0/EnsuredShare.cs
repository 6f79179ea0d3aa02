namespace ShareHost.Abstractions;

/// <summary>The outcome of re-adopting one share instance in <see cref="IShareDriver.EnsureSharesAsync"/>.</summary>
public sealed class EnsuredShare
{
    /// <summary>The share instance id this result is about.</summary>
    public required string Id { get; init; }

    /// <summary>What the driver found.</summary>
    public required EnsureStatus Status { get; init; }

    /// <summary>The instance's current export locations; <see langword="null"/> keeps the stored ones.</summary>
    public IReadOnlyList<ExportPath>? ExportLocations { get; init; }

    /// <summary>Why the instance is not available, shown to its owner as a user message.</summary>
    public string? Message { get; init; }
}

/// <summary>What a driver found when it re-adopted a share instance.</summary>
public enum EnsureStatus
{
    /// <summary>The instance exists and is exported.</summary>
    Available = 0,

    /// <summary>The instance exists but cannot be served; the host sets it to <c>error</c>.</summary>
    Error = 1,

    /// <summary>The backend has no such instance; the host sets it to <c>error</c>.</summary>
    NotFound = 2,
}
