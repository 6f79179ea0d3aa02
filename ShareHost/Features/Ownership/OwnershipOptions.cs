namespace ShareHost.Features.Ownership;

/// <summary>The <c>Ownership</c> section: how long a backend ownership lease lasts between renewals.</summary>
public sealed class OwnershipOptions
{
    public const string Section = "Ownership";

    /// <summary>Lease length; the renewal job (Jobs:BackendLeaseRenewSeconds) must run well within it.</summary>
    public double LeaseSeconds { get; init; } = 15;

    /// <summary>
    /// Take over at once a lease whose holder was a process on this machine that no longer runs (it was killed),
    /// instead of waiting for the lease to expire. The check is exact: same host name, and no process with the
    /// holder's id and start time.
    /// </summary>
    public bool TakeOverDeadLocalHolders { get; init; } = true;
}
