using System.Net;
using System.Net.Sockets;
using ShareHost.Abstractions;

namespace ShareHost.Drivers.Local;

/// <summary>Options checked before anything starts; a bad one keeps the backend down with the setting named.</summary>
public sealed partial class LocalDriver
{
    private long Unit => _options.SizeUnitBytes;

    /// <summary>Replication needs btrfs send/receive, so only btrfs pools offer it, one-way (readable or dr), within a named domain.</summary>
    private static void ValidateReplication(LocalPoolOptions pool)
    {
        if (pool.ReplicationType is null)
        {
            if (!string.IsNullOrWhiteSpace(pool.ReplicationDomain))
            {
                throw new ShareDriverException($"pool '{pool.Name}' has a ReplicationDomain but no ReplicationType; add ReplicationType 'readable' or 'dr'");
            }

            return;
        }

        if (!pool.Type.Equals("btrfs", StringComparison.OrdinalIgnoreCase))
        {
            throw new ShareDriverException($"pool '{pool.Name}' is a {pool.Type} pool and cannot replicate (replication uses btrfs send/receive); remove its ReplicationType or make it a btrfs pool");
        }

        if (pool.ReplicationType is not ("readable" or "dr"))
        {
            throw new ShareDriverException($"pool '{pool.Name}' has ReplicationType '{pool.ReplicationType}'; the Local driver offers 'readable' or 'dr' (btrfs send/receive is one-way, so not 'writable')");
        }

        if (string.IsNullOrWhiteSpace(pool.ReplicationDomain))
        {
            throw new ShareDriverException($"pool '{pool.Name}' has ReplicationType '{pool.ReplicationType}' but no ReplicationDomain; replicas are placed within a domain");
        }
    }

    private static void Validate(LocalOptions options, IReadOnlyList<string> protocols, IReadOnlyList<string> addresses)
    {
        if (options.Pools.Count == 0)
        {
            throw new ShareDriverException("no pools configured (Options:Pools with Name and Path)");
        }

        foreach (var pool in options.Pools)
        {
            if (string.IsNullOrWhiteSpace(pool.Name) || string.IsNullOrWhiteSpace(pool.Path) || !Path.IsPathRooted(pool.Path))
            {
                throw new ShareDriverException($"pool '{pool.Name}' needs a Name and an absolute Path");
            }

            if (pool.Type.ToLowerInvariant() is not ("btrfs" or "directory"))
            {
                throw new ShareDriverException($"pool '{pool.Name}' has Type '{pool.Type}'; use 'btrfs' or 'directory'");
            }

            ValidateReplication(pool);
        }

        if (options.Pools.GroupBy(p => p.Name).FirstOrDefault(g => g.Count() > 1) is { } duplicate)
        {
            throw new ShareDriverException($"pool '{duplicate.Key}' is configured twice");
        }

        if (protocols.FirstOrDefault(p => p is not ("NFS" or "CIFS")) is { } unknown)
        {
            throw new ShareDriverException($"the Local driver serves NFS and CIFS, not {unknown}");
        }

        if (addresses.FirstOrDefault(a => !IPAddress.TryParse(a, out var ip) || ip.AddressFamily != AddressFamily.InterNetwork) is { } bad)
        {
            throw new ShareDriverException($"export address '{bad}' is not an IPv4 address");
        }

        if (options.SizeUnitBytes < 1 << 20)
        {
            throw new ShareDriverException("SizeUnitBytes must be at least 1 MiB");
        }

        if (!options.UserPrefix.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '-' or '_') || options.UserPrefix.Length is 0 or > 16
            || !char.IsAsciiLetterLower(options.UserPrefix[0]))
        {
            throw new ShareDriverException($"UserPrefix '{options.UserPrefix}' must start with a lower-case letter and hold only a-z, 0-9, '-' and '_' (at most 16)");
        }
    }
}
