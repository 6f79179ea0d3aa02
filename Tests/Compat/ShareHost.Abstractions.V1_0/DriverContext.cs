using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace ShareHost.Abstractions;

/// <summary>What the host gives a driver when it initialises it for one backend.</summary>
public sealed class DriverContext
{
    /// <summary>The backend's name from the host configuration (the key under <c>Backends</c>).</summary>
    public required string BackendName { get; init; }

    /// <summary>The host's name, the first part of Manila's <c>host@backend#pool</c>.</summary>
    public required string HostName { get; init; }

    /// <summary>The availability zone the backend serves.</summary>
    public required string AvailabilityZone { get; init; }

    /// <summary>The backend's <c>Options</c> configuration section; drivers bind their own settings from it.</summary>
    public required IConfiguration Options { get; init; }

    /// <summary>A logger named after the backend.</summary>
    public required ILogger Logger { get; init; }

    /// <summary>A directory private to this backend that survives restarts, for the driver's own state.</summary>
    public required string StateDirectory { get; init; }
}
