using ShareHost.Features.Backends;
using ShareHost.Features.Mounts.Access;
using ShareHost.Features.Mounts.Expiry;
using ShareHost.Features.Ownership;

namespace ShareHost.Features.Mounts.Leases;

/// <summary>
/// Loads a backend's active leases when this process takes the backend (at start, or taking over from a process
/// whose lease expired), and forgets them when it loses the backend. A lease still granting its client access was
/// left by a process that stopped before the mount answered: the client never got it, so it ends (released) and
/// its access is withdrawn as any ended lease's is.
/// </summary>
public sealed class LeaseLoader(LeaseTable table, MountLeaseRepository leases, LeaseExpiry expiry, IMountAccess access, ILogger<LeaseLoader> logger)
    : IOwnershipListener
{
    public async Task OnAcquiredAsync(Backend backend, CancellationToken cancellationToken)
    {
        var active = await leases.ActiveOnBackendAsync(backend.Name, cancellationToken);
        var adopted = table.Load(active);
        if (active.Count > 0)
        {
            logger.LogInformation("Backend {Backend}: adopted {Count} live mount leases ({Overdue} already past their time, expired on the next sweep)",
                backend.Name, active.Count, active.Count(l => l.SecondsLeft <= 0));
        }

        var unanswered = adopted.Where(l => l.Access == RuleMountAccess.GrantingState).ToList();
        if (unanswered.Count > 0)
        {
            logger.LogWarning("Backend {Backend}: releasing {Count} mount leases whose mount never answered (their access was still being granted when the previous holder stopped), e.g. {Examples}",
                backend.Name, unanswered.Count, string.Join(", ", unanswered.Take(3).Select(l => l.Id)));
            // Not awaited: the lease writer may not have started yet when a backend is taken at start.
            _ = expiry.CompleteAsync(table.EndAll(unanswered, LeaseStates.Released, access.Withdrawing), CancellationToken.None);
        }
    }

    public void OnLost(Backend backend) => table.Drop(backend.Name);
}
