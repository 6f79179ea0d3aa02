using ShareHost.Features.Backends;
using ShareHost.Features.Ownership;

namespace ShareHost.Features.Mounts.Leases;

/// <summary>
/// Loads a backend's active leases when this process takes the backend (at start, or taking over from a process
/// whose lease expired), and forgets them when it loses the backend.
/// </summary>
public sealed class LeaseLoader(LeaseTable table, MountLeaseRepository leases, ILogger<LeaseLoader> logger) : IOwnershipListener
{
    public async Task OnAcquiredAsync(Backend backend, CancellationToken cancellationToken)
    {
        var active = await leases.ActiveOnBackendAsync(backend.Name, cancellationToken);
        table.Load(active);
        if (active.Count > 0)
        {
            logger.LogInformation("Backend {Backend}: adopted {Count} live mount leases ({Overdue} already past their time, expired on the next sweep)",
                backend.Name, active.Count, active.Count(l => l.SecondsLeft <= 0));
        }
    }

    public void OnLost(Backend backend) => table.Drop(backend.Name);
}
