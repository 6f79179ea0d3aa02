namespace ShareHost.Abstractions;

/// <summary>
/// Where a share instance is exported, as a path without an address. The host binds an address from the backend's
/// pool when a client mounts, and renders <c>address:/path</c> (NFS) or <c>\\address\path</c> (CIFS) for listings.
/// </summary>
/// <remarks>Only these standardized attributes reach the API; a driver has no way to publish vendor keys.</remarks>
public sealed class ExportPath
{
    /// <summary>The path on the export server: <c>/pseudo/path</c> for NFS, the share name for CIFS.</summary>
    public required string Path { get; init; }

    /// <summary>Whether clients should prefer this location when several are offered.</summary>
    public bool Preferred { get; init; }

    /// <summary>Whether only administrators may see this location (for example a management network path).</summary>
    public bool IsAdminOnly { get; init; }
}
