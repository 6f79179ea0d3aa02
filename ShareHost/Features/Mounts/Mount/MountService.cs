using Microsoft.Extensions.Options;
using ShareHost.Abstractions;
using ShareHost.Api.Auth;
using ShareHost.Api.Errors;
using ShareHost.Features.Backends;
using ShareHost.Features.ExportLocations;
using ShareHost.Features.Mounts.Access;
using ShareHost.Features.Mounts.Expiry;
using ShareHost.Features.Mounts.Leases;
using ShareHost.Features.Mounts.Pools;
using ShareHost.Features.Ownership;
using ShareHost.Features.Shares;

namespace ShareHost.Features.Mounts.Mount;

/// <summary>
/// A mount, late-bound: checks the share and its backend, chooses an address (the driver within its budget, or the
/// backend's policy), admits the lease against the share's exclusivity, writes it (taking the share's next fencing
/// token), and grants the client access. A failure after the lease is admitted takes it back or ends it: nothing is
/// left half-granted.
/// </summary>
public sealed class MountService(
    ShareRepository shares,
    MountTargets targets,
    BackendRegistry backends,
    AddressPools pools,
    AddressChooser chooser,
    LeaseTable table,
    LeaseExpiry expiry,
    IMountAccess access,
    OwnershipService ownership,
    IOptionsMonitor<MountOptions> options,
    ILogger<MountService> logger)
{
    /// <param name="loaded">The share as the action dispatcher loaded it, or null to load it here.</param>
    /// <param name="snapshot">For a snapshot mount (read-only, checked by the caller): the snapshot and the path it is exported at.</param>
    public async Task<MountLease> MountAsync(string shareId, ShareRecord? loaded, MountRequest request, RequestContext caller, CancellationToken cancellationToken,
        SnapshotMount? snapshot = null)
    {
        // The constant, not the request's copy: the lease keeps it for its whole life.
        var level = request.AccessLevel == LeaseStates.ReadOnly ? LeaseStates.ReadOnly : LeaseStates.ReadWrite;
        if (level == LeaseStates.ReadWrite && !caller.CanWrite)
        {
            throw new ForbiddenException("Policy doesn't allow share:mount to be performed with access_level 'rw': readers may mount ro only.");
        }

        var target = loaded ?? await shares.FindAsync(shareId, cancellationToken) ?? throw new NotFoundException($"Share {shareId} could not be found.");
        if (!caller.CanSee(target.ProjectId))
        {
            throw new ForbiddenException("Policy doesn't allow share:mount to be performed: the share belongs to another project.");
        }

        if (target.Status != ShareStatus.Available)
        {
            throw new BadRequestException($"Invalid share: Share {shareId} status must be 'available' to mount, but current status is: {target.Status}.");
        }

        var storedPath = snapshot?.StoredPath ?? MountTargets.ExportPath(target);
        if (storedPath is null)
        {
            throw new BadRequestException($"Invalid share: Share {shareId} has no export location clients may mount.");
        }

        var backend = Serving(target);
        var pool = pools.For(backend.Name) ?? throw new ServiceUnavailableException($"The backend '{backend.Name}' has no address pool.");
        var addresses = pool.Addresses;
        var healthy = addresses.Where(a => a.Healthy).ToList();
        if (healthy.Count == 0)
        {
            throw new ServiceUnavailableException(addresses.Count == 0
                ? $"The backend '{backend.Name}' has no address to mount from: its driver reports none and Backends:{backend.Name}:Addresses is empty."
                : $"No healthy address to mount share {shareId} from: every address of backend '{backend.Name}' ({string.Join(", ", addresses.Select(a => a.Address))}) is unhealthy.");
        }

        ClientAddress.TryNormalize(request.Client, out var client);
        var lease = new MountLease
        {
            ShareId = target.Id,
            SnapshotId = snapshot?.SnapshotId,
            ShareInstanceId = target.InstanceId,
            Backend = backend.Name,
            ProjectId = caller.ProjectId,
            UserId = caller.UserId,
            Client = client,
            AccessLevel = level,
            Exclusive = request.Exclusive == true,
            Protocol = target.ShareProto,
            LeaseSeconds = request.LeaseSeconds ?? options.CurrentValue.DefaultLeaseSeconds,
            Access = access.Granting,
        };

        // A mount that will conflict is refused before any driver is asked.
        table.EnsureNoConflict(lease);
        var driverChoice = backend.Driver is IAddressPicker picker && pool.DriverPicks
            ? await chooser.AskDriverAsync(picker, pool, ct => targets.DriverShareAsync(target, table.LatestToken(target.Id), ct), lease, addresses, cancellationToken)
            : null;
        lease.AddressSource = driverChoice is not null ? "driver" : backend.Driver is IAddressPicker && pool.DriverPicks ? "host_fallback" : "host";
        if (driverChoice is not null)
        {
            lease.Address = driverChoice.Address;
        }

        lease.MountOptions = driverChoice?.MountOptions ?? backend.Status.Stats?.MountOptions.GetValueOrDefault(lease.Protocol.ToUpperInvariant());
        // A client already holding access that covers this mount takes it here, so the lease's one write records it.
        access.Prepare(lease);
        var (written, expired) = table.Reserve(
            lease,
            driverChoice is null ? (live, current) => pool.PickHost(healthy, live, current) : null,
            chosen => chosen.ExportPath = ExportRenderer.Format(chosen.Address, chosen.Protocol, storedPath),
            access.Withdrawing);
        // Leases whose time was up are over before the new one is granted: their clients' access goes first.
        await expiry.CompleteAsync(expired, cancellationToken);
        var committed = await WrittenAsync(written, lease, cancellationToken);
        if (driverChoice is null)
        {
            pool.CountHostChoice();
        }

        table.Persisted(lease, committed);
        await GrantAsync(lease, cancellationToken);
        return lease;
    }

    private Backend Serving(ShareRecord target)
    {
        var backend = backends.Find(target.Backend)
            ?? throw new ServiceUnavailableException($"The backend '{target.Backend}' of share {target.Id} is not configured on this ShareHost process.");
        if (!backend.Ownership.Owned)
        {
            throw new ServiceUnavailableException(backend.Ownership.Describe(backend.Name));
        }

        if (!backend.IsUp)
        {
            throw new ServiceUnavailableException($"The backend '{backend.Name}' is not available ({backend.Status.Reason}).");
        }

        return backend;
    }

    private async Task<LeaseWriteResult> WrittenAsync(Task<LeaseWriteResult> written, MountLease lease, CancellationToken cancellationToken)
    {
        try
        {
            return await written;
        }
        catch (Exception e)
        {
            table.Forget(lease);
            if (lease.AccessRuleId is not null)
            {
                // Access taken in Prepare: give it back as an ended lease would.
                await access.WithdrawAsync([lease], CancellationToken.None);
            }

            if (e is BackendNotOwnedException notOwned)
            {
                _ = ownership.CheckAsync(notOwned.Backend, CancellationToken.None);
                var owner = backends.Find(notOwned.Backend)?.Ownership;
                throw new ServiceUnavailableException(owner is { Owned: false } ? owner.Describe(notOwned.Backend) : notOwned.Message);
            }

            if (e is ApiException)
            {
                throw;
            }

            logger.LogError(e, "Writing mount lease {Lease} of share {Share} failed", lease.Id, lease.ShareId);
            throw new ServiceUnavailableException("The mount lease could not be recorded; nothing was granted. Try again.");
        }
    }

    /// <summary>The lease row exists now: if access cannot be granted, the lease ends (released) so nothing half-granted stays.</summary>
    private async Task GrantAsync(MountLease lease, CancellationToken cancellationToken)
    {
        string state;
        try
        {
            state = await access.GrantAsync(lease, cancellationToken);
        }
        catch (Exception e)
        {
            if (table.End(lease, LeaseStates.Released, access.Withdrawing, out var ended))
            {
                try
                {
                    await ended!;
                    var states = await access.WithdrawAsync([lease], CancellationToken.None);
                    await table.RecordAccess([lease], states);
                }
                catch (Exception cleanup)
                {
                    logger.LogError(cleanup, "Ending mount {Lease} after its access grant failed did not complete", lease.Id);
                }
            }

            logger.LogWarning(e, "Granting access for mount {Lease} failed; the lease was ended", lease.Id);
            throw e as ApiException ?? new ServiceUnavailableException($"Access for client {lease.Client} could not be granted; the mount was undone: {e.Message}");
        }

        if (!table.TryRecordGranted(lease, state, out var recorded))
        {
            // The lease ended while its access was being granted: what was granted goes with it.
            var states = await access.WithdrawAsync([lease], CancellationToken.None);
            await table.RecordAccess([lease], states);
            throw new ConflictException($"Mount lease {lease.Id} ended ({lease.State}) before its client's access was granted; mount again, with a longer lease_seconds if it ran out.");
        }

        await recorded;
    }
}

/// <summary>What a snapshot mount binds instead of the share's path.</summary>
public sealed record SnapshotMount(string SnapshotId, string StoredPath);
