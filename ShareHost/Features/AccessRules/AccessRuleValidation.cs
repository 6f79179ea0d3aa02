using System.Globalization;
using System.Net;
using System.Net.Sockets;
using ShareHost.Api.Versioning;

namespace ShareHost.Features.AccessRules;

/// <summary>The rule as a caller wrote it, before validation.</summary>
public sealed record AccessRuleInput(string? AccessType, string? AccessTo, string? AccessLevel);

/// <summary>Why a rule was refused: the field (<c>access_type</c>, <c>access_to</c>, <c>access_level</c>) and the reason.</summary>
public sealed record AccessRuleProblem(string Field, string Message);

/// <summary>
/// Manila's access-rule validation, in one place for share rules, bulk changes, host code (mount leases) and snapshot
/// access: the type (<c>ip</c>, <c>user</c>, <c>cert</c>, <c>cephx</c> from 2.13), the target's format for that type
/// (IPv4 host or CIDR; IPv6 from 2.38; Manila's user-name rule; a certificate CN; a cephx id), the level (<c>rw</c> or
/// <c>ro</c>, <c>rw</c> when absent) and, when the share's protocol is known, whether that protocol takes the type.
/// </summary>
public static class AccessRuleValidation
{
    public const string DefaultLevel = "rw";

    public static readonly IReadOnlyList<string> Levels = ["rw", "ro"];

    /// <summary>The access types each protocol accepts; a protocol not listed accepts every type.</summary>
    public static readonly IReadOnlyDictionary<string, IReadOnlyList<string>> TypesByProtocol = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase)
    {
        ["NFS"] = ["ip"],
        ["CIFS"] = ["user"],
        ["CEPHFS"] = ["cephx"],
        ["GLUSTERFS"] = ["ip", "cert"],
        ["HDFS"] = ["user"],
        ["MAPRFS"] = ["user"],
    };

    /// <summary>Characters Manila refuses in user names after the first one.</summary>
    private const string ForbiddenUserCharacters = "\"/\\[]:;|=,+*?<>";

    /// <summary>Checks one rule; null when it is acceptable at <paramref name="version"/> on a share of <paramref name="shareProto"/>.</summary>
    public static AccessRuleProblem? Check(AccessRuleInput rule, ApiVersion version, string? shareProto = null)
    {
        var cephxAllowed = version.AtLeast("2.13");
        if (string.IsNullOrEmpty(rule.AccessType))
        {
            return new("access_type", "is required.");
        }

        if (rule.AccessType is not ("ip" or "user" or "cert") && !(rule.AccessType == "cephx" && cephxAllowed))
        {
            return new("access_type", cephxAllowed
                ? $"'{rule.AccessType}' is not supported: only 'ip', 'user', 'cert' or 'cephx' access types are supported."
                : $"'{rule.AccessType}' is not supported: only 'ip', 'user' or 'cert' access types are supported (cephx from microversion 2.13).");
        }

        if (string.IsNullOrEmpty(rule.AccessTo))
        {
            return new("access_to", "is required.");
        }

        if (CheckTarget(rule.AccessType, rule.AccessTo, version) is { } reason)
        {
            return new("access_to", reason);
        }

        if (rule.AccessLevel is not null && !Levels.Contains(rule.AccessLevel))
        {
            return new("access_level", $"Invalid share access level: {rule.AccessLevel}. It must be 'rw' or 'ro'.");
        }

        if (shareProto is not null && TypesByProtocol.TryGetValue(shareProto, out var accepted) && !accepted.Contains(rule.AccessType))
        {
            return new("access_type", $"{shareProto.ToUpperInvariant()} shares accept only {string.Join(" or ", accepted.Select(t => $"'{t}'"))} access rules, not '{rule.AccessType}'.");
        }

        return null;
    }

    /// <summary>The level stored for a rule: as given, or <c>rw</c>.</summary>
    public static string Level(string? level) => string.IsNullOrEmpty(level) ? DefaultLevel : level;

    /// <summary>Why <paramref name="target"/> is not a valid target for <paramref name="type"/>; null when it is.</summary>
    public static string? CheckTarget(string type, string target, ApiVersion version) => type switch
    {
        "ip" => CheckIp(target, allowIPv6: version.AtLeast("2.38")),
        "user" => CheckUser(target),
        "cert" => CheckCert(target),
        "cephx" => CheckCephx(target),
        _ => $"'{type}' is not an access type.",
    };

    /// <summary>An IPv4 (or, when allowed, IPv6) host address or network in CIDR notation with no host bits set.</summary>
    public static string? CheckIp(string value, bool allowIPv6)
    {
        var slash = value.IndexOf('/', StringComparison.Ordinal);
        var address = slash < 0 ? value : value[..slash];
        var prefixText = slash < 0 ? null : value[(slash + 1)..];
        if (TryParseIPv4(address, out var ipv4))
        {
            if (!TryParsePrefix(prefixText, 32, out var prefix))
            {
                return $"'{value}' is not a valid IPv4 address or CIDR: the prefix length must be 0 to 32.";
            }

            var hostMask = prefix == 32 ? 0u : uint.MaxValue >> prefix;
            return (ipv4 & hostMask) != 0 ? $"'{value}' is not a valid IPv4 CIDR: it has host bits set." : null;
        }

        // Only the address itself: hex digits, colons, and dots of an embedded IPv4 (no zone id, no brackets).
        if (address.Contains(':', StringComparison.Ordinal)
            && address.All(c => char.IsAsciiHexDigit(c) || c is ':' or '.')
            && IPAddress.TryParse(address, out var parsed)
            && parsed.AddressFamily == AddressFamily.InterNetworkV6)
        {
            if (!allowIPv6)
            {
                return $"'{value}' is an IPv6 address; IPv6 access rules are accepted from microversion 2.38.";
            }

            if (!TryParsePrefix(prefixText, 128, out var prefix))
            {
                return $"'{value}' is not a valid IPv6 address or CIDR: the prefix length must be 0 to 128.";
            }

            return HasHostBits(parsed.GetAddressBytes(), prefix) ? $"'{value}' is not a valid IPv6 CIDR: it has host bits set." : null;
        }

        return allowIPv6
            ? $"'{value}' is not a valid IPv4 or IPv6 address or CIDR."
            : $"'{value}' is not a valid IPv4 address or CIDR.";
    }

    /// <summary>Manila's user names: 4 to 255 characters, none of <c>"/\[]:;|=,+*?&lt;&gt;</c> after the first, not only dots and spaces.</summary>
    public static string? CheckUser(string value)
    {
        if (value.Length is < 4 or > 255)
        {
            return $"'{Shorten(value)}' is not a valid user name: it must be 4 to 255 characters long.";
        }

        if (value.Any(char.IsControl) || value.Skip(1).Any(ForbiddenUserCharacters.Contains))
        {
            return $"'{value}' is not a valid user name: it may not contain control characters or any of {ForbiddenUserCharacters} after the first character.";
        }

        return value.All(c => c is '.' or ' ') ? $"'{value}' is not a valid user name: it may not consist of dots and spaces only." : null;
    }

    /// <summary>A TLS certificate's common name: 1 to 64 characters once surrounding blanks are removed.</summary>
    public static string? CheckCert(string value)
    {
        var name = value.Trim();
        if (name.Length is < 1 or > 64)
        {
            return $"'{Shorten(value)}' is not a valid certificate common name: it must be 1 to 64 characters long.";
        }

        return name.Any(char.IsControl) ? "a certificate common name may not contain control characters." : null;
    }

    /// <summary>A cephx id: printable ASCII without dots (the <c>client.</c> prefix is implied), at most 255 characters.</summary>
    public static string? CheckCephx(string value)
    {
        if (value.Length > 255)
        {
            return $"'{Shorten(value)}' is not a valid cephx id: it may be at most 255 characters long.";
        }

        if (value.Any(c => c is < ' ' or > '~'))
        {
            return $"'{value}' is not a valid cephx id: it must be printable ASCII.";
        }

        return value.Contains('.', StringComparison.Ordinal) ? $"'{value}' is not a valid cephx id: it may not contain '.'." : null;
    }

    /// <summary>Four decimal octets 0–255 without leading zeros (as Python's ipaddress, which Manila uses, requires).</summary>
    private static bool TryParseIPv4(string text, out uint address)
    {
        address = 0;
        var parts = text.Split('.');
        if (parts.Length != 4)
        {
            return false;
        }

        foreach (var part in parts)
        {
            if (part.Length is < 1 or > 3 || !part.All(char.IsAsciiDigit) || (part.Length > 1 && part[0] == '0'))
            {
                return false;
            }

            var octet = int.Parse(part, CultureInfo.InvariantCulture);
            if (octet > 255)
            {
                return false;
            }

            address = (address << 8) | (uint)octet;
        }

        return true;
    }

    private static bool TryParsePrefix(string? text, int max, out int prefix)
    {
        prefix = max;
        if (text is null)
        {
            return true;
        }

        return text.Length is >= 1 and <= 3 && text.All(char.IsAsciiDigit)
            && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out prefix) && prefix <= max;
    }

    private static bool HasHostBits(byte[] bytes, int prefix)
    {
        for (var bit = prefix; bit < bytes.Length * 8; bit++)
        {
            if ((bytes[bit / 8] & (0x80 >> (bit % 8))) != 0)
            {
                return true;
            }
        }

        return false;
    }

    private static string Shorten(string value) => value.Length <= 40 ? value : value[..40] + "…";
}
