using ShareHost.Abstractions;
using ShareHost.Features.Backends;

namespace ShareHost.Features.Mounts.Pools;

/// <summary>
/// One backend's mount addresses and how they are handed out: the addresses its driver last reported (else those
/// configured under <c>Backends:&lt;name&gt;:Addresses</c>, healthy, weight 1), the policy, the driver's time budget,
/// and counters of who chose (driver, host, host after a driver fallback).
/// </summary>
public sealed class AddressPool
{
    private readonly Dictionary<string, long> _weightedScores = new(StringComparer.Ordinal);
    private readonly IReadOnlyList<ExportAddress> _configured;
    private long _turn;
    private long _driverPicks;
    private long _hostPicks;
    private long _fallbackTimeouts;
    private long _fallbackErrors;
    private long _fallbackInvalid;
    private volatile FallbackNote? _lastFallback;
    private volatile ReportedAddresses? _reported;

    public AddressPool(Backend backend, BackendMountSettings settings, double defaultBudgetMs)
    {
        Backend = backend;
        var policy = (settings.Policy ?? "round_robin").Trim().ToLowerInvariant();
        (Policy, Sticky, PolicyError) = policy switch
        {
            "round_robin" => (AddressPolicy.RoundRobin, settings.Sticky ?? false, (string?)null),
            "least_connections" => (AddressPolicy.LeastConnections, settings.Sticky ?? false, null),
            "weighted" => (AddressPolicy.Weighted, settings.Sticky ?? false, null),
            "sticky" => (AddressPolicy.RoundRobin, true, null),
            _ => (AddressPolicy.RoundRobin, settings.Sticky ?? false,
                $"unknown policy '{settings.Policy}' (round_robin, least_connections, weighted or sticky); using round_robin"),
        };
        PickBudget = TimeSpan.FromMilliseconds(Math.Max(1, settings.PickBudgetMs ?? defaultBudgetMs));
        DriverPicks = settings.DriverPicks;
        _configured = backend.Options.Addresses.Where(a => !string.IsNullOrWhiteSpace(a))
            .Select(a => new ExportAddress { Address = a.Trim() }).ToList();
    }

    public Backend Backend { get; }

    public AddressPolicy Policy { get; }

    public bool Sticky { get; }

    /// <summary>Why the configured policy was not understood, or null.</summary>
    public string? PolicyError { get; }

    public TimeSpan PickBudget { get; }

    public bool DriverPicks { get; }

    public string PolicyName => Policy switch
    {
        AddressPolicy.LeastConnections => "least_connections",
        AddressPolicy.Weighted => "weighted",
        _ => "round_robin",
    };

    /// <summary>The addresses to choose from now (never a driver call: the last stats report, or the configuration).</summary>
    public IReadOnlyList<ExportAddress> Addresses => Reported() is { Count: > 0 } reported ? reported : _configured;

    /// <summary><c>driver</c> when the driver reports the addresses, <c>configuration</c> otherwise.</summary>
    public string AddressesFrom => Reported() is { Count: > 0 } ? "driver" : "configuration";

    public long DriverChoices => Interlocked.Read(ref _driverPicks);

    public long HostChoices => Interlocked.Read(ref _hostPicks);

    public long FallbackTimeouts => Interlocked.Read(ref _fallbackTimeouts);

    public long FallbackErrors => Interlocked.Read(ref _fallbackErrors);

    public long FallbackInvalid => Interlocked.Read(ref _fallbackInvalid);

    public long Fallbacks => FallbackTimeouts + FallbackErrors + FallbackInvalid;

    public FallbackNote? LastFallback => _lastFallback;

    /// <summary>The host's choice over healthy addresses; call under the lease table's lock.</summary>
    internal string PickHost(IReadOnlyList<ExportAddress> healthy, Func<string, int> live, string? current)
    {
        if (Sticky && current is not null && healthy.Any(a => a.Address == current))
        {
            return current;
        }

        return Policy switch
        {
            AddressPolicy.LeastConnections => AddressPolicies.LeastConnections(healthy, live, ref _turn),
            AddressPolicy.Weighted => AddressPolicies.Weighted(healthy, _weightedScores),
            _ => AddressPolicies.RoundRobin(healthy, ref _turn),
        };
    }

    /// <summary>The driver's last reported addresses without blank entries, worked out once per stats report.</summary>
    private IReadOnlyList<ExportAddress> Reported()
    {
        var stats = Backend.Status.Stats;
        if (stats is null)
        {
            return [];
        }

        var cached = _reported;
        if (cached is not null && ReferenceEquals(cached.Stats, stats))
        {
            return cached.Addresses;
        }

        var addresses = stats.Addresses.Where(a => !string.IsNullOrWhiteSpace(a.Address)).ToList();
        _reported = new ReportedAddresses(stats, addresses);
        return addresses;
    }

    internal void CountDriverChoice() => Interlocked.Increment(ref _driverPicks);

    internal void CountHostChoice() => Interlocked.Increment(ref _hostPicks);

    /// <summary>Counts a fallback; returns true when it should be logged (the first, then at most one line per 10 s).</summary>
    internal bool CountFallback(FallbackReason reason, string detail)
    {
        switch (reason)
        {
            case FallbackReason.Timeout:
                Interlocked.Increment(ref _fallbackTimeouts);
                break;
            case FallbackReason.Error:
                Interlocked.Increment(ref _fallbackErrors);
                break;
            default:
                Interlocked.Increment(ref _fallbackInvalid);
                break;
        }

        var previous = _lastFallback;
        var now = DateTime.UtcNow;
        _lastFallback = new FallbackNote(reason, detail, now, previous is null || now - previous.LoggedAt > TimeSpan.FromSeconds(10) ? now : previous.LoggedAt);
        return previous is null || now - previous.LoggedAt > TimeSpan.FromSeconds(10);
    }
}

internal sealed record ReportedAddresses(BackendStats Stats, IReadOnlyList<ExportAddress> Addresses);

public enum FallbackReason
{
    Timeout,
    Error,
    Invalid,
}

public sealed record FallbackNote(FallbackReason Reason, string Detail, DateTime At, DateTime LoggedAt);
