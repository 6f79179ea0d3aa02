namespace ShareHost.Features.Shares.ShareInstances;

/// <summary>A share instance with the share fields its view needs (type, protocol).</summary>
public sealed class ShareInstanceRow
{
    public string Id { get; init; } = "";

    public string ShareId { get; init; } = "";

    public bool IsPrimary { get; init; }

    public string Status { get; init; } = "";

    public string? Backend { get; init; }

    public string? Pool { get; init; }

    public string? AvailabilityZone { get; init; }

    public string? ReplicaState { get; init; }

    public string AccessRulesStatus { get; init; } = "active";

    public string? Progress { get; init; }

    public DateTime CreatedAt { get; init; }

    public DateTime? UpdatedAt { get; init; }

    public string? ShareTypeId { get; init; }

    public string ShareProto { get; init; } = "";

    public string ProjectId { get; init; } = "";

    public string? ReplicationType { get; init; }
}
