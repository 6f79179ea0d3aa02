using System.Net;
using System.Net.Sockets;
using ShareHost.Features.Backends;

namespace ShareHost.Features.ExportLocations;

/// <summary>
/// Renders a stored export path with the backend's current preferred address, from memory only: listing and
/// showing shares never waits on a driver.
/// </summary>
public sealed class ExportRenderer(BackendRegistry backends)
{
    /// <summary>The first healthy address the driver last reported, else the first configured one, else null.</summary>
    public string? PreferredAddress(string? backendName)
    {
        var backend = backends.Find(backendName);
        if (backend is null)
        {
            return null;
        }

        var reported = backend.Status.Stats?.Addresses;
        if (reported is { Count: > 0 })
        {
            return (reported.FirstOrDefault(a => a.Healthy) ?? reported[0]).Address;
        }

        return backend.Options.Addresses.FirstOrDefault();
    }

    public string Render(string? backendName, string protocol, string path) => Format(PreferredAddress(backendName), protocol, path);

    /// <summary><c>address:/path</c> (NFS and others), <c>\\address\share</c> (CIFS); the bare path when no address is known.</summary>
    public static string Format(string? address, string protocol, string path)
    {
        if (address is null)
        {
            return path;
        }

        if (protocol.Equals("CIFS", StringComparison.OrdinalIgnoreCase))
        {
            return $@"\\{address}\{path.TrimStart('/', '\\').Replace('/', '\\')}";
        }

        var host = IPAddress.TryParse(address, out var ip) && ip.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{address}]" : address;
        return $"{host}:{(path.StartsWith('/') ? path : "/" + path)}";
    }
}
