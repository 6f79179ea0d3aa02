using System.Text.Json;
using ShareHost.Api.Errors;
using ShareHost.Features.Mounts.Leases;
using ShareHost.Features.Shares;
using ShareHost.Features.Shares.Actions;

namespace ShareHost.Features.Mounts.Mount;

/// <summary>
/// ShareHost's <c>mount</c> share action (an extension, at every microversion): late binding of an address, a lease
/// with a fencing token, and access for the client. 200 with the mount; 400 (the mount undone) when the share stopped
/// being available while the mount was being granted. The lease writer checks that inside the transaction that writes
/// the lease, so a delete that committed first (and saw no lease yet) wins; a status change until the client's access
/// is granted (an admin's reset_status) is seen after it.
/// </summary>
public sealed class MountAction(MountService service, MountView view, ShareRowCache cache, MountLeaseService leases) : IShareAction
{
    public IReadOnlyList<ActionName> Names { get; } = [new("mount", "2.0")];

    // A mount needs the share's row and its export locations, and nothing more. The cached row is safe: whether the
    // share is still available on that instance is checked again where the lease is written.
    public bool UsesCachedRow => true;

    public async Task<IResult> HandleAsync(ShareActionContext context, JsonElement body, CancellationToken cancellationToken)
    {
        var request = await ActionBody.ReadAsync<MountRequest>(context, body, cancellationToken);
        MountLease lease;
        try
        {
            lease = await service.MountAsync(context.ShareId, context.Share, request, context.Caller, cancellationToken);
        }
        catch (ConflictException)
        {
            // An exclusive conflict, or the lease was ended while being granted (a force-delete ended it): in the latter
            // case what the caller meets is the share's state.
            if (await StatusAsync(context.ShareId) is var now && now != ShareStatus.Available)
            {
                throw Left(context.ShareId, now);
            }

            throw;
        }

        // Current for this process's writes, at no cost while nothing changed; the lease writer's check covers the rest.
        if (await StatusAsync(lease.ShareId) is var status && status != ShareStatus.Available)
        {
            await leases.UndoAsync(lease, CancellationToken.None);
            throw Left(lease.ShareId, status);
        }

        return TypedResults.Ok(new MountResponse(view.Render(context.Caller, lease, live: true)));
    }

    /// <summary>The share's status as this process last wrote or read it, "deleted" when it is gone.</summary>
    private async Task<string> StatusAsync(string shareId) => (await cache.FindAsync(shareId, CancellationToken.None))?.Status ?? "deleted";

    private static BadRequestException Left(string shareId, string status) =>
        new($"Invalid share: Share {shareId} is '{status}' now (it stopped being available while being mounted); the mount was undone.");
}
