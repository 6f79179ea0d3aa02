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

    /// <summary>
    /// The stored paths a client-supplied location may stand for: as given (a stored path), or with the address
    /// <see cref="Format"/> put in front removed (<c>address:/path</c>, <c>\\address\share</c>).
    /// </summary>
    public static IReadOnlyList<string> StoredPathCandidates(string location)
    {
        var candidates = new List<string> { location };
        if (location.StartsWith(@"\\", StringComparison.Ordinal) && location.IndexOf('\\', 2) is > 2 and var shareStart)
        {
            var share = location[(shareStart + 1)..];
            candidates.AddRange([share, share.Replace('\\', '/'), "/" + share.Replace('\\', '/')]);
        }
        else if (location.IndexOf(":/", StringComparison.Ordinal) is > 0 and var colon)
        {
            candidates.Add(location[(colon + 1)..]);
        }

        return candidates.Distinct(StringComparer.Ordinal).ToList();
    }
}
