using System.Text.Json;

namespace ShareHost.Features.Snapshots.CreateSnapshot;

/// <summary><c>POST /v2/snapshots</c>: <c>{"snapshot": {…}}</c>, the keys Manila and its clients send.</summary>
public sealed record CreateSnapshotRequest
{
    public CreateSnapshotBody? Snapshot { get; init; }
}

public sealed record CreateSnapshotBody
{
    public string? ShareId { get; init; }

    public string? Name { get; init; }

    public string? DisplayName { get; init; }

    public string? Description { get; init; }

    public string? DisplayDescription { get; init; }

    /// <summary>Sent by the stock client and ignored, as Manila's API does: the share must be available either way.</summary>
    public JsonElement? Force { get; init; }

    /// <summary>From microversion 2.73.</summary>
    public Dictionary<string, string>? Metadata { get; init; }
}
