using ShareHost.Api.Auth;
using ShareHost.Api.Errors;
using ShareHost.Features.Backends;
using ShareHost.Features.Mounts.Access;
using ShareHost.Features.Mounts.Expiry;
using ShareHost.Features.Mounts.Leases;
using ShareHost.Features.Ownership;
using ShareHost.Features.Shares;

namespace ShareHost.Features.Mounts;

/// <summary>
/// Finding, renewing and releasing mount leases. Another project's lease does not exist for the caller (404);
/// a lease that has ended cannot be renewed or released (409: mount again); readers may renew and release ro
/// leases only, as they may only mount ro. A lease whose share has moved to another instance since it was mounted (a
/// replica promotion) ends at its renewal: it was bound to the old instance's backend and address.
/// </summary>
public sealed class MountLeaseService(
    LeaseTable table,
    ShareRowCache shares,
    MountLeaseRepository repository,
    LeaseExpiry expiry,
    IMountAccess access,
    BackendRegistry backends,
    OwnershipService ownership)
{
    /// <summary>The lease, live from memory when this process holds it, else as recorded.</summary>
    public async Task<(MountLease Lease, bool Live)> FindVisibleAsync(string id, RequestContext caller, CancellationToken cancellationToken)
    {
        if (table.FindLive(id) is { } live)
        {
            return caller.CanSee(live.ProjectId) ? (live, true) : throw NotFound(id);
        }

        var recorded = await repository.FindAsync(id, cancellationToken);
        return recorded is not null && caller.CanSee(recorded.ProjectId) ? (recorded, false) : throw NotFound(id);
    }

    public async Task<MountLease> RenewAsync(string id, int? seconds, RequestContext caller, CancellationToken cancellationToken)
    {
        var (lease, live) = await FindVisibleAsync(id, caller, cancellationToken);
        EnsureMayChange(lease, caller, "renew");
        if (!live)
        {
            throw NotLive(lease, "renewed");
        }

        if (await shares.FindAsync(lease.ShareId, cancellationToken) is { } share && share.InstanceId != lease.ShareInstanceId)
        {
            await UndoAsync(lease, CancellationToken.None);
            throw new ConflictException(
                $"Mount lease {id} has ended and cannot be renewed: share {lease.ShareId} moved to another instance since it was mounted " +
                "(a replica promotion); mount the share again for an address on its new active replica.");
        }

        var outcome = table.Renew(lease, seconds ?? lease.LeaseSeconds, access.Withdrawing, out var written);
        switch (outcome)
        {
            case RenewOutcome.Expired:
                await expiry.CompleteAsync(new ExpiredLeases([lease], written!), cancellationToken);
                throw NotLive(lease, "renewed");
            case RenewOutcome.Ended:
                throw NotLive(lease, "renewed");
            case RenewOutcome.NotYetWritten:
                throw new ConflictException($"Mount lease {id} is still being granted; renew it once the mount call has answered.");
        }

        lease.RenewedAt = (await WrittenAsync(written!, lease)).At;
        return lease;
    }

    public async Task ReleaseAsync(string id, RequestContext caller, CancellationToken cancellationToken)
    {
        var (lease, live) = await FindVisibleAsync(id, caller, cancellationToken);
        EnsureMayChange(lease, caller, "release");
        if (!live || !table.End(lease, LeaseStates.Released, access.Withdrawing, out var written))
        {
            throw NotLive(lease, "released");
        }

        lease.EndedAt = (await WrittenAsync(written!, lease)).At;
        var states = await access.WithdrawAsync([lease], cancellationToken);
        await table.RecordAccess([lease], states);
    }

    /// <summary>
    /// Ends a lease whose target went away or moved (released): one just granted, or one renewed after its share moved
    /// to another instance. Withdraws its client's access.
    /// </summary>
    public async Task UndoAsync(MountLease lease, CancellationToken cancellationToken)
    {
        if (!table.End(lease, LeaseStates.Released, access.Withdrawing, out var written))
        {
            return;
        }

        lease.EndedAt = (await WrittenAsync(written!, lease)).At;
        var states = await access.WithdrawAsync([lease], cancellationToken);
        await table.RecordAccess([lease], states);
    }

    private static void EnsureMayChange(MountLease lease, RequestContext caller, string action)
    {
        if (lease.IsReadWrite && !caller.CanWrite)
        {
            throw new ForbiddenException($"Policy doesn't allow sharehost:mount:{action} to be performed on an rw mount: readers may {action} ro mounts only.");
        }
    }

    private ApiException NotLive(MountLease lease, string verb)
    {
        if (lease.State == LeaseStates.Active && backends.Find(lease.Backend) is { Ownership.Owned: false } backend)
        {
            return new ServiceUnavailableException(backend.Ownership.Describe(backend.Name));
        }

        return new ConflictException(lease.State == LeaseStates.Active
            ? $"Mount lease {lease.Id} is not live on this ShareHost process and cannot be {verb}."
            : $"Mount lease {lease.Id} has {(lease.State == LeaseStates.Expired ? "expired" : "been released")} and cannot be {verb}; mount the share again for a new lease.");
    }

    private async Task<LeaseWriteResult> WrittenAsync(Task<LeaseWriteResult> written, MountLease lease)
    {
        try
        {
            return await written;
        }
        catch (BackendNotOwnedException e)
        {
            _ = ownership.CheckAsync(e.Backend, CancellationToken.None);
            throw new ServiceUnavailableException(backends.Find(lease.Backend)?.Ownership is { Owned: false } owner ? owner.Describe(lease.Backend) : e.Message);
        }
    }

    private static NotFoundException NotFound(string id) => new($"Mount {id} could not be found.");
}
