namespace ShareHost.Features.Shares;

/// <summary>
/// A share's live mounts (leases from the <c>mount</c> action), as the share delete needs them: a plain delete is
/// refused while any lives, a force-delete ends them first. The mounts feature implements it.
/// </summary>
public interface IShareMounts
{
    /// <summary>The ids of the share's live mount leases (granted or being granted, time not up), snapshot mounts included.</summary>
    Task<IReadOnlyList<string>> LiveAsync(ShareRecord share, CancellationToken cancellationToken);

    /// <summary>Ends the share's live mount leases (released) and withdraws their clients' access; returns how many ended.</summary>
    Task<int> EndAsync(ShareRecord share, CancellationToken cancellationToken);
}
