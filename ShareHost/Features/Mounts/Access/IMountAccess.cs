using ShareHost.Features.Mounts.Leases;

namespace ShareHost.Features.Mounts.Access;

/// <summary>
/// The seam between mounts and client access: a granted mount grants its client access at the lease's level, and an
/// ended lease (released or expired) withdraws it, so an expired holder can no longer write at the export.
/// </summary>
public interface IMountAccess
{
    /// <summary>The access state written with a new lease, before <see cref="GrantAsync"/> runs.</summary>
    string Granting { get; }

    /// <summary>The access state written with an ended lease, before <see cref="WithdrawAsync"/> runs.</summary>
    string Withdrawing { get; }

    /// <summary>Grants the lease's client access; returns the access state to record. Throws to refuse the mount.</summary>
    Task<string> GrantAsync(MountLease lease, CancellationToken cancellationToken);

    /// <summary>Withdraws the access of ended leases; returns each one's access state, in order.</summary>
    Task<IReadOnlyList<string>> WithdrawAsync(IReadOnlyList<MountLease> leases, CancellationToken cancellationToken);
}
