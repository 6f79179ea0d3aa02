namespace ShareHost.Features.Shares;

/// <summary>A share joined with its primary instance, as the API shows it.</summary>
public sealed class ShareRecord
{
    public string Id { get; init; } = "";

    public string ProjectId { get; init; } = "";

    public string UserId { get; init; } = "";

    public string? Name { get; init; }

    public string? Description { get; init; }

    public int Size { get; init; }

    public string ShareProto { get; init; } = "";

    public string? ShareTypeId { get; init; }

    public string? ShareTypeName { get; init; }

    public bool IsPublic { get; init; }

    public string? SnapshotId { get; init; }

    public string? TaskState { get; init; }

    public bool SnapshotSupport { get; init; }

    public bool CreateShareFromSnapshotSupport { get; init; }

    public bool RevertToSnapshotSupport { get; init; }

    public bool MountSnapshotSupport { get; init; }

    public string? ReplicationType { get; init; }

    public DateTime CreatedAt { get; init; }

    public DateTime? UpdatedAt { get; init; }

    /// <summary>The token of the latest mount lease granted on the share (0 before any); driver calls carry it.</summary>
    public long FencingToken { get; init; }

    public string InstanceId { get; init; } = "";

    /// <summary>What the share shows: its instance's status, or for a replicated share the highest-ranking replica's.</summary>
    public string Status { get; init; } = "";

    /// <summary>The status of the share's primary instance (the active replica) itself.</summary>
    public string InstanceStatus { get; init; } = "";

    public string? Backend { get; init; }

    public string? Pool { get; init; }

    public string? AvailabilityZone { get; init; }

    public string? ReplicaState { get; init; }

    public string AccessRulesStatus { get; init; } = "active";

    public string? Progress { get; init; }

    public bool HasReplicas { get; init; }

    /// <summary>Always null: ShareHost has no share groups (a create naming one is refused), so no share is in one.</summary>
    public string? ShareGroupId { get; init; }

    public Dictionary<string, string> Metadata { get; init; } = new(StringComparer.Ordinal);

    /// <summary>Loaded only where the view needs them (microversions before 2.9).</summary>
    public List<ExportLocationRecord> ExportLocations { get; init; } = [];
}

/// <summary>A stored export location: a path without an address, bound to an address when shown or mounted.</summary>
public sealed class ExportLocationRecord
{
    public string Id { get; init; } = "";

    public string ShareInstanceId { get; init; } = "";

    public string Path { get; init; } = "";

    public bool Preferred { get; init; }

    public bool IsAdminOnly { get; init; }

    /// <summary>The location serves reads only (a readable replica, a mirror): the standardized <c>readonly</c> marker.</summary>
    public bool ReadOnly { get; init; }

    public DateTime CreatedAt { get; init; }

    public DateTime? UpdatedAt { get; init; }
}

/// <summary>A share instance row.</summary>
public sealed class ShareInstanceRecord
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
}
