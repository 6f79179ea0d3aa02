using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using ShareHost.Api.Errors;

namespace ShareHost.Features.Snapshots.Access;

/// <summary>
/// Manila's access validation for snapshot rules (manila-zed §3.3, §3.4): <c>ip</c> (an IPv4 address or network
/// without host bits; IPv6 from 2.38), <c>user</c> (4–255 characters, no <c>"/\[]:;|=,+*?&lt;&gt;</c>, not only dots
/// or blanks) and <c>cert</c> (a common name of 1–64 characters). No cephx: snapshots are mounted read-only.
/// </summary>
/// <remarks>
/// A minimal copy for snapshots: the share access-rule feature (issue 4) was not in main when this was written;
/// once its validation lands, this should delegate to it.
/// </remarks>
public static partial class SnapshotAccessValidation
{
    public static readonly IReadOnlyList<string> Types = ["ip", "user", "cert"];

    /// <summary>Throws 400 naming <c>{field}.access_type</c> or <c>{field}.access_to</c> and the reason; returns the canonical access_to.</summary>
    public static string Validate(string field, string? accessType, string? accessTo, bool allowIpv6)
    {
        if (string.IsNullOrEmpty(accessType) || !Types.Contains(accessType))
        {
            throw new BadRequestException(
                $"Invalid input for field '{field}.access_type': only 'ip', 'user' or 'cert' access types are supported for snapshots (got '{accessType}').");
        }

        if (string.IsNullOrWhiteSpace(accessTo))
        {
            throw new BadRequestException($"Invalid input for field '{field}.access_to': is required.");
        }

        return accessType switch
        {
            "ip" => Ip(field, accessTo, allowIpv6),
            "user" => User(field, accessTo),
            _ => Cert(field, accessTo),
        };
    }

    private static string Ip(string field, string accessTo, bool allowIpv6)
    {
        var text = accessTo.Trim();
        if (text.Contains('/', StringComparison.Ordinal))
        {
            // Python's ip_network (strict) refuses host bits beyond the prefix; IPNetwork.TryParse would mask them.
            if (!IPNetwork.TryParse(text, out var network)
                || !IPAddress.TryParse(text[..text.IndexOf('/', StringComparison.Ordinal)], out var written)
                || !written.Equals(network.BaseAddress))
            {
                throw new BadRequestException(
                    $"Invalid input for field '{field}.access_to': '{accessTo}' is not a valid IP network (an address with host bits beyond the prefix is refused).");
            }

            EnsureFamily(field, accessTo, network.BaseAddress, allowIpv6);
            return network.ToString();
        }

        if (!IPAddress.TryParse(text, out var address) || (address.AddressFamily == AddressFamily.InterNetwork && text.Count(c => c == '.') != 3))
        {
            throw new BadRequestException($"Invalid input for field '{field}.access_to': '{accessTo}' is not a valid IP address.");
        }

        EnsureFamily(field, accessTo, address, allowIpv6);
        return address.ToString();
    }

    private static void EnsureFamily(string field, string accessTo, IPAddress address, bool allowIpv6)
    {
        if (address.AddressFamily == AddressFamily.InterNetworkV6 && !allowIpv6)
        {
            throw new BadRequestException($"Invalid input for field '{field}.access_to': IPv6 rules ('{accessTo}') need microversion 2.38 or later.");
        }
    }

    private static string User(string field, string accessTo)
    {
        if (!UserName().IsMatch(accessTo) || accessTo.All(c => c is '.' or ' '))
        {
            throw new BadRequestException(
                $"Invalid input for field '{field}.access_to': a user name must be 4 to 255 characters, must not contain any of \"/\\[]:;|=,+*?<> and must not be only dots or blanks.");
        }

        return accessTo;
    }

    private static string Cert(string field, string accessTo)
    {
        var name = accessTo.Trim();
        if (name.Length is < 1 or > 64)
        {
            throw new BadRequestException($"Invalid input for field '{field}.access_to': a certificate common name must be 1 to 64 characters.");
        }

        return name;
    }

    [GeneratedRegex("^.[^\"/\\\\\\[\\]:;|=,+*?<>]{3,254}$")]
    private static partial Regex UserName();
}
