using ShareHost.Abstractions;
using ShareHost.Features.Ownership;

namespace ShareHost.Features.Backends;

/// <summary>A configured backend at run time: its driver instance (once initialised) and whether it is serving.</summary>
public sealed class Backend(string name, BackendOptions options, IConfigurationSection optionsSection)
{
    private volatile BackendStatus _status = new(false, "not initialised yet", null, null);
    private volatile BackendOwnership _ownership = BackendOwnership.Unmanaged;

    public string Name { get; } = name;

    public BackendOptions Options { get; } = options;

    /// <summary>The raw <c>Options</c> section handed to the driver.</summary>
    public IConfigurationSection DriverOptions { get; } = optionsSection;

    public IShareDriver? Driver { get; private set; }

    public BackendStatus Status => _status;

    public bool IsUp => _status.Up;

    /// <summary>Whether this process holds the backend's ownership lease (and its token), or who does.</summary>
    public BackendOwnership Ownership => _ownership;

    /// <summary>Disabled by an admin (services API): up, but the scheduler places nothing new on it.</summary>
    public bool Disabled { get; private set; }

    public string? DisabledReason { get; private set; }

    internal void SetDisabled(bool disabled, string? reason)
    {
        Disabled = disabled;
        DisabledReason = disabled ? reason : null;
    }

    internal void SetDriver(IShareDriver? driver) => Driver = driver;

    internal void SetOwnership(BackendOwnership ownership) => _ownership = ownership;

    internal void MarkUp(BackendStats stats) => _status = new BackendStatus(true, null, stats, DateTime.UtcNow);

    internal void MarkDown(string reason) => _status = _status with { Up = false, Reason = reason };
}

/// <summary>An immutable snapshot of a backend's health and last stats, swapped atomically.</summary>
public sealed record BackendStatus(bool Up, string? Reason, BackendStats? Stats, DateTime? StatsAt)
{
    /// <summary>Up only with a stats report younger than <paramref name="downTime"/> (Manila's service_down_time); else why not.</summary>
    public (bool Up, string? Reason) Health(DateTime now, TimeSpan downTime)
    {
        if (!Up)
        {
            return (false, Reason ?? "the backend is not serving");
        }

        if (StatsAt is not { } reportedAt)
        {
            return (false, "the backend has not reported stats yet");
        }

        var age = now - reportedAt;
        return age > downTime
            ? (false, $"no stats report for {age.TotalSeconds:0.###} s (service_down_time is {downTime.TotalSeconds:0.###} s)")
            : (true, null);
    }
}
