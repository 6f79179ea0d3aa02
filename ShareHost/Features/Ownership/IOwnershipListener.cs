using ShareHost.Features.Backends;

namespace ShareHost.Features.Ownership;

/// <summary>Features that keep per-backend state in memory (mount leases) load it when this process takes a backend and drop it when it loses one.</summary>
public interface IOwnershipListener
{
    Task OnAcquiredAsync(Backend backend, CancellationToken cancellationToken);

    void OnLost(Backend backend);
}
