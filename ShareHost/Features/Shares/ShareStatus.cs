namespace ShareHost.Features.Shares;

/// <summary>Share and share-instance statuses, as Manila names them.</summary>
public static class ShareStatus
{
    public const string Creating = "creating";
    public const string CreatingFromSnapshot = "creating_from_snapshot";
    public const string Available = "available";
    public const string Error = "error";
    public const string Deleting = "deleting";
    public const string ErrorDeleting = "error_deleting";
    public const string Extending = "extending";
    public const string ExtendingError = "extending_error";
    public const string Shrinking = "shrinking";
    public const string ShrinkingError = "shrinking_error";
    public const string ShrinkingPossibleDataLossError = "shrinking_possible_data_loss_error";
    public const string Migrating = "migrating";
    public const string MigratingTo = "migrating_to";
    public const string ServerMigrating = "server_migrating";
    public const string Inactive = "inactive";
    public const string ReplicationChange = "replication_change";
    public const string Reverting = "reverting";
    public const string RevertingError = "reverting_error";

    /// <summary>Statuses an admin may set with reset_status.</summary>
    public static readonly IReadOnlySet<string> Resettable = new HashSet<string>
    {
        Creating, Available, Deleting, Error, ErrorDeleting, Migrating, MigratingTo, ServerMigrating,
    };

    /// <summary>Statuses a delete (without force) is accepted from.</summary>
    public static readonly IReadOnlySet<string> Deletable = new HashSet<string> { Available, Error, Inactive };

    public static readonly IReadOnlySet<string> Transitional = new HashSet<string>
    {
        Creating, CreatingFromSnapshot, Deleting, Extending, Shrinking, Migrating, MigratingTo, Reverting, ServerMigrating,
        "manage_starting", "unmanage_starting", "server_migrating_to", "restoring",
    };
}

/// <summary>The resource types user messages are about.</summary>
public static class ResourceTypes
{
    public const string Share = "SHARE";
    public const string Snapshot = "SHARE_SNAPSHOT";
    public const string Replica = "SHARE_REPLICA";
}
