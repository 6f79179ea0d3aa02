namespace ShareHost.Api.Versioning;

/// <summary>
/// The one list of microversions this API speaks. Response fields added by a version are gated on the request's
/// version in each resource's view; routes carry their minimum with <see cref="VersionedRoutes.MinVersion"/>.
/// </summary>
public static class VersionHistory
{
    public static readonly IReadOnlyList<(string Version, string Change)> Changes =
    [
        ("2.0", "Shared File Systems API v2 base"),
        ("2.2", "snapshot_support in the share view"),
        ("2.3", "share instances (admin)"),
        ("2.5", "task_state in the share view"),
        ("2.6", "share_type is the type id, share_type_name added"),
        ("2.7", "core-style URLs and action names (extend, shrink, reset_status, force_delete …)"),
        ("2.9", "export locations API; export locations removed from the share view"),
        ("2.10", "access_rules_status in the share view"),
        ("2.11", "replication_type and has_replicas in the share view"),
        ("2.12", "provider_location in the snapshot view (admin)"),
        ("2.14", "preferred export location attribute"),
        ("2.16", "user_id in the share view"),
        ("2.17", "user_id and project_id in the snapshot view"),
        ("2.19", "snapshot instances (admin)"),
        ("2.24", "create_share_from_snapshot_support"),
        ("2.27", "revert_to_snapshot_support; the share action revert"),
        ("2.31", "share_group_id fields in the share view"),
        ("2.32", "mount_snapshot_support; snapshot export locations and access rules"),
        ("2.37", "user messages"),
        ("2.41", "share type description"),
        ("2.42", "with_count on share lists"),
        ("2.43", "extra_specs filter on share type lists"),
        ("2.46", "is_default on share types"),
        ("2.50", "share type update"),
        ("2.54", "progress in the share view"),
        ("2.60", "URLs without a project id are official"),
        ("2.64", "force on extend (admin)"),
        ("2.69", "is_soft_deleted fields in the share view"),
        ("2.71", "updated_at on share instances"),
        ("2.72", "share_network_id on replicas"),
        ("2.73", "snapshot metadata (the stock client stops at 2.72)"),
    ];

    public static ApiVersion Min { get; } = new(2, 0);

    public static ApiVersion Max { get; } = ApiVersion.Parse(Changes[^1].Version);

    /// <summary>Manila's default when a request names no version: the minimum.</summary>
    public static ApiVersion Default => Min;
}
