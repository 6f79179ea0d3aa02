using ShareHost.Features.Shares;

namespace ShareHost.Features.Snapshots;

/// <summary>Snapshot (instance) statuses, as Manila names them (manila-zed §4.5).</summary>
public static class SnapshotStatus
{
    public const string Creating = "creating";
    public const string Available = "available";
    public const string Error = "error";
    public const string Deleting = "deleting";
    public const string ErrorDeleting = "error_deleting";
    public const string Restoring = "restoring";

    /// <summary>Statuses a delete (without force) is accepted from.</summary>
    public static readonly IReadOnlySet<string> Deletable = new HashSet<string> { Available, Error };

    /// <summary>Statuses an admin may set with reset_status: Manila uses the share set for snapshots too.</summary>
    public static IReadOnlySet<string> Resettable => ShareStatus.Resettable;
}
