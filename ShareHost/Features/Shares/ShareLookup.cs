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

    /// <summary>As <see cref="VisibleAsync"/>, without the share's metadata and export locations (one query instead of three).</summary>
    public async Task<ShareRecord> VisibleRowAsync(string id, RequestContext caller, CancellationToken cancellationToken)
    {
        await using var connection = await shares.Connections.OpenAsync(cancellationToken);
        var share = await ShareRepository.FindRowAsync(connection, null, id, cancellationToken);
        return share is not null && (caller.CanSee(share.ProjectId) || share.IsPublic)
            ? share
            : throw new NotFoundException($"Share {id} could not be found.");
    }

    public async Task<ShareRecord> OwnedAsync(string id, RequestContext caller, string policy, CancellationToken cancellationToken) =>
        Owned(await VisibleAsync(id, caller, cancellationToken), caller, policy);

    /// <summary>403 unless the caller may change <paramref name="share"/> (already found visible).</summary>
    public static ShareRecord Owned(ShareRecord share, RequestContext caller, string policy) =>
        caller.CanSee(share.ProjectId) ? share : throw new ForbiddenException($"Policy doesn't allow {policy} to be performed.");
}
