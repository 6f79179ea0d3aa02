using System.Text.Json;

namespace ShareHost.Features.Shares.CreateShare;

/// <summary><c>POST /v2/shares</c>: <c>{"share": {…}}</c>, the keys Manila and its clients send.</summary>
public sealed record CreateShareRequest
{
    public CreateShareBody? Share { get; init; }
}

public sealed record CreateShareBody
{
    public int? Size { get; init; }

    public string? ShareProto { get; init; }

    public string? Name { get; init; }

    public string? DisplayName { get; init; }

    public string? Description { get; init; }

    public string? DisplayDescription { get; init; }

    /// <summary>Share type name or id.</summary>
    public string? ShareType { get; init; }

    /// <summary>Legacy alias of <see cref="ShareType"/>.</summary>
    public string? VolumeType { get; init; }

    public string? SnapshotId { get; init; }

    public Dictionary<string, string>? Metadata { get; init; }

    public bool? IsPublic { get; init; }

    /// <summary>Name or id of the zone to place the share in.</summary>
    public string? AvailabilityZone { get; init; }

    /// <summary>Not supported: ShareHost backends do not handle share servers.</summary>
    public string? ShareNetworkId { get; init; }

    /// <summary>Not supported: share groups.</summary>
    public string? ShareGroupId { get; init; }

    public Dictionary<string, JsonElement>? SchedulerHints { get; init; }
}
