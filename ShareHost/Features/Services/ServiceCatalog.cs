using Microsoft.Extensions.Options;
using ShareHost.Features.Backends;

namespace ShareHost.Features.Services;

/// <summary>
/// The services as Manila lists them, computed from the backends in memory: one <c>manila-scheduler</c> for the host
/// and one <c>manila-share</c> per configured backend. A backend is down when it is not serving, or when its last
/// stats report is older than <c>ShareHost:ServiceDownTimeSeconds</c> (Manila's service_down_time).
/// </summary>
public sealed class ServiceCatalog(BackendRegistry backends, IOptionsMonitor<ShareHostOptions> options)
{
    /// <summary>The scheduler's zone: Manila's <c>storage_availability_zone</c> default.</summary>
    public const string SchedulerZone = "nova";

    public IReadOnlyList<ServiceState> All()
    {
        var now = DateTime.UtcNow;
        var services = new List<ServiceState>
        {
            new(1, ServiceState.SchedulerBinary, backends.HostName, null, SchedulerZone, false, null, true, null, now),
        };
        var id = 2;
        foreach (var backend in backends.All.OrderBy(b => b.Name, StringComparer.Ordinal))
        {
            services.Add(Describe(id++, backend, now));
        }

        return services;
    }

    /// <summary>The share service of a backend, or null when no backend has that name.</summary>
    public ServiceState? ForBackend(string backendName) =>
        All().FirstOrDefault(s => s.Backend is not null && string.Equals(s.Backend, backendName, StringComparison.Ordinal));

    /// <summary>Whether the backend serves new work now: up, reporting in time, and not disabled by an admin.</summary>
    public bool IsServing(string backendName) => ForBackend(backendName) is { Up: true, Disabled: false };

    /// <summary><c>host@backend</c>, the service host Manila shows for a backend.</summary>
    public string HostOf(Backend backend) => $"{backends.HostName}@{backend.Name}";

    private ServiceState Describe(int id, Backend backend, DateTime now)
    {
        var status = backend.Status;
        var (up, reason) = status.Health(now, TimeSpan.FromSeconds(options.CurrentValue.ServiceDownTimeSeconds));
        return new ServiceState(id, ServiceState.ShareBinary, HostOf(backend), backend.Name, backend.Options.AvailabilityZone,
            backend.Disabled, backend.DisabledReason, up, reason, status.StatsAt);
    }
}
