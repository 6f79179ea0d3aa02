using System.Buffers;
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

    private static readonly SearchValues<char> DigitsAndDots = SearchValues.Create("0123456789.");

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

        if (!text.AsSpan().ContainsAnyExcept(DigitsAndDots))
        {
            return TryIPv4(text, out normalized);
        }

        return TryHostName(text, out normalized);
    }

    private static bool TryIPv4(string text, out string normalized)
    {
        normalized = "";
        Span<int> octets = stackalloc int[4];
        var count = 0;
        var canonical = true;
        foreach (var range in text.AsSpan().Split('.'))
        {
            var part = text.AsSpan()[range];
            if (count == 4 || part.Length is 0 or > 3 || !int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var octet) || octet > 255)
            {
                return false;
            }

            canonical &= part.Length == 1 || part[0] != '0';
            octets[count++] = octet;
        }

        if (count != 4)
        {
            return false;
        }

        // Most clients send the canonical form: then the text itself is the answer, and nothing is allocated.
        normalized = canonical ? text : string.Create(CultureInfo.InvariantCulture, $"{octets[0]}.{octets[1]}.{octets[2]}.{octets[3]}");
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
