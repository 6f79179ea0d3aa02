using System.Net;
using System.Net.Sockets;

namespace ShareHost.Drivers.Local.Access;

/// <summary>An NFS client from an <c>ip</c> rule: one address or a network, rendered for Ganesha from parsed values only.</summary>
internal sealed record IpClient(IPAddress Address, int PrefixLength)
{
    private int FullLength => Address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128;

    /// <summary>Longer prefixes (single hosts) first when rules overlap.</summary>
    public int Specificity => PrefixLength;

    public bool IsHost => PrefixLength == FullLength;

    /// <summary>Parses <c>a.b.c.d</c>, <c>a.b.c.d/n</c> or their IPv6 forms; host bits of a network are cleared.</summary>
    public static bool TryParse(string text, out IpClient? client)
    {
        client = null;
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        var addressText = slash < 0 ? text : text[..slash];
        if (!IPAddress.TryParse(addressText, out var address) || addressText.Contains('%', StringComparison.Ordinal)
            || address.AddressFamily is not (AddressFamily.InterNetwork or AddressFamily.InterNetworkV6))
        {
            return false;
        }

        var full = address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128;
        var prefix = full;
        if (slash >= 0 && (!int.TryParse(text[(slash + 1)..], System.Globalization.NumberStyles.None, null, out prefix) || prefix > full))
        {
            return false;
        }

        var bytes = address.GetAddressBytes();
        for (var bit = prefix; bit < full; bit++)
        {
            bytes[bit / 8] &= (byte)~(0x80 >> (bit % 8));
        }

        client = new IpClient(new IPAddress(bytes), prefix);
        return true;
    }

    /// <summary>Ganesha's client syntax: an address, a CIDR network, or <c>*</c> for everyone.</summary>
    public string Render() => PrefixLength switch
    {
        0 => "*",
        _ when IsHost => Address.ToString(),
        _ => $"{Address}/{PrefixLength}",
    };
}
