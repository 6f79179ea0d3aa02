using ShareHost.Abstractions;

namespace ShareHost.Drivers.Local.Access;

/// <summary>Which rules an export can honour: NFS admits <c>ip</c> rules, CIFS <c>user</c> rules; levels are <c>rw</c> or <c>ro</c>.</summary>
internal static class RuleCheck
{
    /// <summary>Client user names: what Samba's username map and a prefixed local account can both carry.</summary>
    public const int MaxUserName = 32;

    /// <summary>Why the rule cannot be applied, or null when it can.</summary>
    public static string? Problem(DriverAccessRule rule, string protocol, string userPrefix)
    {
        if (rule.AccessLevel is not ("rw" or "ro"))
        {
            return $"Access level '{rule.AccessLevel}' is not supported; use 'rw' or 'ro'.";
        }

        if (protocol == "NFS")
        {
            if (rule.AccessType != "ip")
            {
                return $"NFS shares on the Local backend admit clients by 'ip' rules, not '{rule.AccessType}'.";
            }

            return IpClient.TryParse(rule.AccessTo, out _) ? null : $"'{rule.AccessTo}' is not an IP address or CIDR network.";
        }

        if (rule.AccessType != "user")
        {
            return $"CIFS shares on the Local backend admit users by 'user' rules, not '{rule.AccessType}'.";
        }

        var name = rule.AccessTo;
        var valid = name.Length > 0 && char.IsAsciiLetterOrDigit(name[0])
            && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' || c is '-' || c is '_')
            && userPrefix.Length + name.Length <= MaxUserName;
        return valid
            ? null
            : $"User name '{name}' is not supported: use letters, digits, '.', '-' and '_', starting with a letter or digit, at most {MaxUserName - userPrefix.Length} characters.";
    }

    public static string AccountFor(string userPrefix, string client) => userPrefix + client.ToLowerInvariant();
}
