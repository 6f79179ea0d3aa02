namespace ShareHost.Features.Snapshots;

/// <summary>A snapshot joined with its instance on the share's primary instance, as the API shows it.</summary>
public sealed class SnapshotRecord
{
    public string Id { get; init; } = "";

    public string ShareId { get; init; } = "";

    public string ProjectId { get; init; } = "";

    public string UserId { get; init; } = "";

    public string? Name { get; init; }

    public string? Description { get; init; }

    public int Size { get; init; }

    public int ShareSize { get; init; }

    public string ShareProto { get; init; } = "";

    /// <summary>Taken by a snapshot schedule: only these are deleted by the schedule's retention.</summary>
    public bool Scheduled { get; init; }

    public DateTime CreatedAt { get; init; }

    public DateTime? UpdatedAt { get; init; }

    public string InstanceId { get; init; } = "";

    public string Status { get; init; } = "";

    public string? Progress { get; init; }

    public string? ProviderLocation { get; init; }

    public string ShareInstanceId { get; init; } = "";

    public DateTime InstanceCreatedAt { get; init; }

    public DateTime? InstanceUpdatedAt { get; init; }

    /// <summary>Where the snapshot lives: the backend and pool of the share instance it was taken of.</summary>
    public string? Backend { get; init; }

    public string? Pool { get; init; }

    public string? AvailabilityZone { get; init; }

    public Dictionary<string, string> Metadata { get; init; } = new(StringComparer.Ordinal);
}

/// <summary>A stored snapshot export location (a read-only path without an address).</summary>
public sealed class SnapshotExportLocationRecord
{
    public string Id { get; init; } = "";

    public string SnapshotInstanceId { get; init; } = "";

    public string Path { get; init; } = "";

    public bool Preferred { get; init; }

    public bool IsAdminOnly { get; init; }

    public DateTime CreatedAt { get; init; }

    public DateTime? UpdatedAt { get; init; }
}

/// <summary>A snapshot about to be inserted with its instance.</summary>
public sealed class NewSnapshot
{
    public required string Id { get; init; }

    public required string ShareId { get; init; }

    public required string ProjectId { get; init; }

    public required string UserId { get; init; }

    public string? Name { get; init; }

    public string? Description { get; init; }

    public required int Size { get; init; }

    public required string ShareProto { get; init; }

    public bool Scheduled { get; init; }

    public required DateTime CreatedAt { get; init; }

    public required string InstanceId { get; init; }

    public required string ShareInstanceId { get; init; }

    public IReadOnlyDictionary<string, string> Metadata { get; init; } = new Dictionary<string, string>();
}
