using ShareHost.Api.Auth;
using ShareHost.Api.Errors;

namespace ShareHost.Features.Shares;

/// <summary>Finds a share the caller may see (404 otherwise) or change (403 for someone else's public share).</summary>
public sealed class ShareLookup(ShareRepository shares, ShareRowCache cache)
{
    public async Task<ShareRecord> VisibleAsync(string id, RequestContext caller, CancellationToken cancellationToken) =>
        Visible(await shares.FindAsync(id, cancellationToken), id, caller);

    /// <summary>As <see cref="VisibleAsync"/>, without the share's metadata and export locations (one query instead of three).</summary>
    public async Task<ShareRecord> VisibleRowAsync(string id, RequestContext caller, CancellationToken cancellationToken)
    {
        await using var connection = await shares.Connections.OpenAsync(cancellationToken);
        return Visible(await ShareRepository.FindRowAsync(connection, null, id, cancellationToken), id, caller);
    }

    /// <summary>
    /// As <see cref="VisibleRowAsync"/> with export locations, from <see cref="ShareRowCache"/>: for callers that check
    /// again, when they commit, what they depend on (the row may be up to a second old for other processes' writes).
    /// </summary>
    public async Task<ShareRecord> VisibleCachedRowAsync(string id, RequestContext caller, CancellationToken cancellationToken) =>
        Visible(await cache.FindAsync(id, cancellationToken), id, caller);

    public async Task<ShareRecord> OwnedAsync(string id, RequestContext caller, string policy, CancellationToken cancellationToken) =>
        Owned(await VisibleAsync(id, caller, cancellationToken), caller, policy);

    /// <summary>404 unless the share exists and is the caller's (or public).</summary>
    private static ShareRecord Visible(ShareRecord? share, string id, RequestContext caller) =>
        share is not null && (caller.CanSee(share.ProjectId) || share.IsPublic) ? share : throw new NotFoundException($"Share {id} could not be found.");

    /// <summary>403 unless the caller may change <paramref name="share"/> (already found visible).</summary>
    public static ShareRecord Owned(ShareRecord share, RequestContext caller, string policy) =>
        caller.CanSee(share.ProjectId) ? share : throw new ForbiddenException($"Policy doesn't allow {policy} to be performed.");
}
