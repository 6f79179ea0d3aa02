namespace ShareHost.Abstractions;

/// <summary>A backend's statistics and capabilities, reported as data for the scheduler and the pools API.</summary>
public sealed class BackendStats
{
    /// <summary>The vendor, shown as <c>vendor_name</c>.</summary>
    public string VendorName { get; init; } = "Open Source";

    /// <summary>The driver's version, shown as <c>driver_version</c>.</summary>
    public string DriverVersion { get; init; } = "1.0";

    /// <summary>The protocols the backend serves, upper case (<c>NFS</c>, <c>CIFS</c>, …).</summary>
    public required IReadOnlyList<string> StorageProtocols { get; init; }

    /// <summary>The pools shares can be placed in. At least one.</summary>
    public required IReadOnlyList<PoolStats> Pools { get; init; }

    /// <summary>
    /// The addresses clients can mount from, with their health and weight. Empty means the host uses the
    /// backend's configured address pool.
    /// </summary>
    public IReadOnlyList<ExportAddress> Addresses { get; init; } = [];

    /// <summary>Whether clients may reach the backend over IPv4, shown as <c>ipv4_support</c>.</summary>
    public bool Ipv4Support { get; init; } = true;

    /// <summary>Whether clients may reach the backend over IPv6 (and IPv6 access rules make sense), shown as <c>ipv6_support</c>.</summary>
    public bool Ipv6Support { get; init; }
}
