using ShareHost.Features.Mounts.Leases;

namespace ShareHost.Features.Mounts.Access;

/// <summary>
/// Access recorded on the lease only (no access-rule machinery yet): a mount shows <c>"access": "recorded"</c> while
/// its lease lives and <c>"withdrawn"</c> once it ends. Both states are written with the lease's own writes, so the
/// hot path pays nothing extra.
/// </summary>
public sealed class RecordedMountAccess : IMountAccess
{
    public const string Recorded = "recorded";
    public const string Withdrawn = "withdrawn";

    public string Granting => Recorded;

    public string Withdrawing => Withdrawn;

    public Task<string> GrantAsync(MountLease lease, CancellationToken cancellationToken) => Task.FromResult(Recorded);

    public Task<IReadOnlyList<string>> WithdrawAsync(IReadOnlyList<MountLease> leases, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<string>>(Enumerable.Repeat(Withdrawn, leases.Count).ToList());
}
