using System.Text.Json;
using ShareHost.Api.Errors;
using ShareHost.Features.Mounts.Leases;
using ShareHost.Features.Mounts.Mount;
using ShareHost.Features.Shares;
using ShareHost.Features.Shares.Actions;
using ShareHost.Features.Snapshots;
using ShareHost.Features.Snapshots.Actions;

namespace ShareHost.Features.Mounts.MountSnapshot;

/// <summary>
/// ShareHost's <c>mount</c> snapshot action (<c>POST /v2/snapshots/{id}/action {"mount": {...}}</c>, an extension at
/// every microversion): the same late binding as a share mount — an address from the share's backend pool, the
/// snapshot's read-only export path, a lease with the share's next fencing token — for a mountable snapshot, read-only.
/// </summary>
public sealed class SnapshotMountAction(MountService service, ShareRepository shares, SnapshotRepository snapshots,
    SnapshotCapabilities capabilities, MountView view, MountLeaseService leases) : ISnapshotAction
{
    public IReadOnlyList<ActionName> Names { get; } = [new("mount", "2.0")];

    public async Task<IResult> HandleAsync(ShareActionContext context, SnapshotRecord snapshot, JsonElement body, CancellationToken cancellationToken)
    {
        var request = await ActionBody.ReadAsync<MountRequest>(context, body, cancellationToken);
        if ((request.AccessLevel ?? LeaseStates.ReadOnly) != LeaseStates.ReadOnly)
        {
            throw new BadRequestException($"Invalid input for field 'mount.access_level': snapshots are mounted read-only; use 'ro' (or leave it out), not '{request.AccessLevel}'.");
        }

        if (request.Exclusive == true)
        {
            throw new BadRequestException("Invalid input for field 'mount.exclusive': only rw mounts can be exclusive, and snapshots are mounted read-only.");
        }

        if (snapshot.Status != SnapshotStatus.Available)
        {
            throw new BadRequestException($"Invalid snapshot: snapshot {snapshot.Id} status must be 'available' to mount, but current status is: {snapshot.Status}.");
        }

        var share = await shares.FindAsync(snapshot.ShareId, cancellationToken) ?? throw SnapshotLookup.NotFound(snapshot.Id);
        if (!share.MountSnapshotSupport)
        {
            throw new BadRequestException(
                $"Cannot mount snapshot {snapshot.Id}: its share {share.Id} does not have mount_snapshot_support (its share type does not ask for mount_snapshot_support=True).");
        }

        if (!capabilities.Advertises(snapshot.Backend, snapshot.Pool, SnapshotCapabilities.MountSnapshot))
        {
            throw new BadRequestException(
                $"Cannot mount snapshot {snapshot.Id}: the pool {SnapshotCapabilities.Describe(snapshot.Backend, snapshot.Pool)} does not advertise mount_snapshot_support.");
        }

        var path = (await snapshots.ExportLocationsAsync([snapshot.InstanceId], cancellationToken))
            .Where(e => !e.IsAdminOnly).OrderByDescending(e => e.Preferred).FirstOrDefault()?.Path
            ?? throw new BadRequestException($"Invalid snapshot: snapshot {snapshot.Id} has no export location clients may mount.");
        var lease = await service.MountAsync(share.Id, share, request with { AccessLevel = LeaseStates.ReadOnly }, context.Caller, cancellationToken,
            new SnapshotMount(snapshot.Id, path));
        var now = await snapshots.FindAsync(snapshot.Id, CancellationToken.None);
        if (now?.Status != SnapshotStatus.Available)
        {
            // A delete was accepted while the mount was being granted (it saw no lease yet): the delete wins.
            await leases.UndoAsync(lease, CancellationToken.None);
            throw new BadRequestException(
                $"Invalid snapshot: snapshot {snapshot.Id} is '{now?.Status ?? "deleted"}' now (it was deleted while being mounted); the mount was undone.");
        }

        return TypedResults.Ok(new MountResponse(view.Render(context.Caller, lease, live: true)));
    }
}
