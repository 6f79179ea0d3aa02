using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace ShareHost.Features.Mounts.Mount;

/// <summary>
/// A mount's client: one IPv4 address (four decimal octets), one IPv6 address, or a host name (RFC 1123 labels).
/// Normalised (canonical IP text, lower-case name) so the same client always finds its own leases.
/// </summary>
public static class ClientAddress
{
    public const int MaxLength = 253;

    public static bool TryNormalize(string? value, out string normalized)
    {
        normalized = "";
        var text = value?.Trim() ?? "";
        if (text.Length is 0 or > MaxLength + 1)
        {
            return false;
        }

        if (text.Contains(':', StringComparison.Ordinal))
        {
            if (text.Contains('/', StringComparison.Ordinal) || !IPAddress.TryParse(text, out var v6) || v6.AddressFamily != AddressFamily.InterNetworkV6)
            {
                return false;
            }

            normalized = v6.ToString();
            return true;
        }

        if (text.All(c => char.IsAsciiDigit(c) || c == '.'))
        {
            return TryIPv4(text, out normalized);
        }

        return TryHostName(text, out normalized);
    }

    private static bool TryIPv4(string text, out string normalized)
    {
        normalized = "";
        var parts = text.Split('.');
        if (parts.Length != 4 || parts.Any(p => p.Length is 0 or > 3 || int.Parse(p, CultureInfo.InvariantCulture) > 255))
        {
            return false;
        }

        normalized = string.Join('.', parts.Select(p => int.Parse(p, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture)));
        return true;
    }

    private static bool TryHostName(string text, out string normalized)
    {
        normalized = "";
        var name = text.EndsWith('.') ? text[..^1] : text;
        if (name.Length is 0 or > MaxLength)
        {
            return false;
        }

        var labels = name.Split('.');
        foreach (var label in labels)
        {
            if (label.Length is 0 or > 63 || label[0] == '-' || label[^1] == '-' || !label.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'))
            {
                return false;
            }
        }

        // An all-numeric last label is a mistyped IPv4 address, not a name.
        if (labels[^1].All(char.IsAsciiDigit))
        {
            return false;
        }

        normalized = name.ToLowerInvariant();
        return true;
    }
}
