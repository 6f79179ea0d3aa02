using ShareHost.Api.Auth;
using ShareHost.Api.Errors;

namespace ShareHost.Features.Shares;

/// <summary>Finds a share the caller may see (404 otherwise) or change (403 for someone else's public share).</summary>
public sealed class ShareLookup(ShareRepository shares)
{
    public async Task<ShareRecord> VisibleAsync(string id, RequestContext caller, CancellationToken cancellationToken)
    {
        var share = await shares.FindAsync(id, cancellationToken);
        if (share is null || !(caller.CanSee(share.ProjectId) || share.IsPublic))
        {
            throw new NotFoundException($"Share {id} could not be found.");
        }

        return share;
    }

    public async Task<ShareRecord> OwnedAsync(string id, RequestContext caller, string policy, CancellationToken cancellationToken)
    {
        var share = await VisibleAsync(id, caller, cancellationToken);
        if (!caller.CanSee(share.ProjectId))
        {
            throw new ForbiddenException($"Policy doesn't allow {policy} to be performed.");
        }

        return share;
    }
}
