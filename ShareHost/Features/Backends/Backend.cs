using ShareHost.Abstractions;

namespace ShareHost.Features.Backends;

/// <summary>A configured backend at run time: its driver instance (once initialised) and whether it is serving.</summary>
public sealed class Backend(string name, BackendOptions options, IConfigurationSection optionsSection)
{
    private volatile BackendStatus _status = new(false, "not initialised yet", null, null);

    public string Name { get; } = name;

    public BackendOptions Options { get; } = options;

    /// <summary>The raw <c>Options</c> section handed to the driver.</summary>
    public IConfigurationSection DriverOptions { get; } = optionsSection;

    public IShareDriver? Driver { get; private set; }

    public BackendStatus Status => _status;

    public bool IsUp => _status.Up;

    /// <summary>Disabled by an admin (services API): up, but the scheduler places nothing new on it.</summary>
    public bool Disabled { get; private set; }

    public string? DisabledReason { get; private set; }

    internal void SetDisabled(bool disabled, string? reason)
    {
        Disabled = disabled;
        DisabledReason = disabled ? reason : null;
    }

    internal void SetDriver(IShareDriver? driver) => Driver = driver;

    internal void MarkUp(BackendStats stats) => _status = new BackendStatus(true, null, stats, DateTime.UtcNow);

    internal void MarkDown(string reason) => _status = _status with { Up = false, Reason = reason };
}

/// <summary>An immutable snapshot of a backend's health and last stats, swapped atomically.</summary>
public sealed record BackendStatus(bool Up, string? Reason, BackendStats? Stats, DateTime? StatsAt);
