using ShareHost.Features.Scheduling;

namespace ShareHost.Features.Snapshots;

/// <summary>
/// The API's check that a share's pool advertises a snapshot capability right now (the effective value: the pool's
/// flag and the driver's interface, as <see cref="PoolCatalog"/> builds it), so a request the backend cannot serve
/// is refused before anything is stored or a driver is called.
/// </summary>
public sealed class SnapshotCapabilities(PoolCatalog pools)
{
    public const string Snapshot = "snapshot_support";
    public const string CreateShareFromSnapshot = "create_share_from_snapshot_support";
    public const string Revert = "revert_to_snapshot_support";
    public const string MountSnapshot = "mount_snapshot_support";

    /// <summary>False when the pool reports the capability off; true when it reports it on or is not reporting (a down backend fails later, with a message).</summary>
    public bool Advertises(string? backend, string? pool, string capability)
    {
        if (backend is null || pool is null)
        {
            return false;
        }

        var state = pools.Current().FirstOrDefault(p => p.Backend == backend && p.Pool == pool);
        return state is null || state.Capabilities.GetValueOrDefault(capability) is true;
    }

    /// <summary>The pool as a pool name, for messages.</summary>
    public static string Describe(string? backend, string? pool) => $"{backend}#{pool}";
}
