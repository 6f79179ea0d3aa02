using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using ShareHost.Api;

namespace ShareHost.Features.ShareTypes;

/// <summary>
/// Manila's standard extra specs: the values each accepts, which ones tenants may see, and the rules every
/// extra spec follows (key <c>^[\w.\-:_]+$</c>, key and value 1–255 characters).
/// </summary>
public static partial class StandardExtraSpecs
{
    public const string DriverHandlesShareServers = "driver_handles_share_servers";
    public const string SnapshotSupport = "snapshot_support";
    public const string CreateShareFromSnapshotSupport = "create_share_from_snapshot_support";
    public const string RevertToSnapshotSupport = "revert_to_snapshot_support";
    public const string MountSnapshotSupport = "mount_snapshot_support";
    public const string ReplicationType = "replication_type";
    public const string AvailabilityZones = "availability_zones";
    public const string MaxShareSize = "provisioning:max_share_size";
    public const string MinShareSize = "provisioning:min_share_size";

    public const int MaxLength = 255;

    /// <summary>The snapshot capabilities a tenant sees as <c>False</c> (from 2.24) when the type does not set them.</summary>
    public static readonly IReadOnlyList<string> InferredForTenants =
        [SnapshotSupport, CreateShareFromSnapshotSupport, RevertToSnapshotSupport, MountSnapshotSupport];

    /// <summary>The specs a non-admin may see; the rest are the operator's business.</summary>
    public static readonly IReadOnlySet<string> TenantVisible = new HashSet<string>(StringComparer.Ordinal)
    {
        DriverHandlesShareServers, SnapshotSupport, CreateShareFromSnapshotSupport, RevertToSnapshotSupport,
        MountSnapshotSupport, ReplicationType, AvailabilityZones,
    };

    public static readonly IReadOnlyList<string> ReplicationTypes = ["readable", "writable", "dr"];

    private static readonly HashSet<string> OptionalBooleans = new(StringComparer.Ordinal)
    {
        SnapshotSupport, CreateShareFromSnapshotSupport, RevertToSnapshotSupport, MountSnapshotSupport,
    };

    /// <summary>Why a key is not acceptable as an extra spec name, or null when it is.</summary>
    public static string? KeyProblem(string key) =>
        key.Length is < 1 or > MaxLength ? $"extra spec keys must be 1 to {MaxLength} characters."
        : !KeyFormat().IsMatch(key) ? $"'{key}' is not a valid extra spec key: use letters, digits, underscores, periods, colons and hyphens."
        : null;

    /// <summary>Why <paramref name="value"/> is not acceptable for <paramref name="key"/>, or null when it is.</summary>
    public static string? ValueProblem(string key, string value)
    {
        if (value.Length is < 1 or > MaxLength)
        {
            return $"extra spec values must be 1 to {MaxLength} characters.";
        }

        return key switch
        {
            DriverHandlesShareServers when !Bools.IsTrue(value) && !Bools.IsFalse(value) =>
                $"'{value}' is not a boolean; use True or False.",
            _ when OptionalBooleans.Contains(key) && ParseBoolean(value) is null =>
                $"'{value}' is not a boolean; use True, False, <is> True or <is> False.",
            ReplicationType when !ReplicationTypes.Contains(value, StringComparer.Ordinal) =>
                $"'{value}' is not a replication type; use one of {string.Join(", ", ReplicationTypes)}.",
            AvailabilityZones when value.Split(',').Any(zone => zone.Trim().Length == 0) =>
                "must be a comma-separated list of availability zone names, without empty entries.",
            MaxShareSize or MinShareSize when Size(value) is null =>
                $"'{value}' is not an integer greater than or equal to 1.",
            _ => null,
        };
    }

    /// <summary>Rules that involve several specs, checked on the set a type ends up with.</summary>
    public static string? CombinationProblem(IReadOnlyDictionary<string, string> specs)
    {
        if (specs.TryGetValue(MinShareSize, out var min) && specs.TryGetValue(MaxShareSize, out var max)
            && Size(min) is { } minSize && Size(max) is { } maxSize && minSize > maxSize)
        {
            return $"{MinShareSize} ({minSize}) must not be greater than {MaxShareSize} ({maxSize}).";
        }

        return null;
    }

    /// <summary>A JSON value as an extra spec string: strings as sent, booleans as <c>True</c>/<c>False</c>; null for anything else.</summary>
    public static string? FromJson(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.True => "True",
        JsonValueKind.False => "False",
        _ => null,
    };

    /// <summary>The value as stored: availability zone lists lose blanks around names.</summary>
    public static string Normalize(string key, string value) =>
        key == AvailabilityZones ? string.Join(',', value.Split(',', StringSplitOptions.TrimEntries)) : value;

    /// <summary>Manila's boolean extra spec: <c>True</c>, <c>False</c>, <c>&lt;is&gt; True</c> …, or null.</summary>
    public static bool? ParseBoolean(string value)
    {
        var match = IsPrefixed().Match(value.Trim());
        var plain = match.Success ? match.Groups[1].Value : value;
        return Bools.IsTrue(plain) ? true : Bools.IsFalse(plain) ? false : null;
    }

    /// <summary>Whether the spec is one of the boolean standard specs.</summary>
    public static bool IsBoolean(string key) => key == DriverHandlesShareServers || OptionalBooleans.Contains(key);

    private static int? Size(string value) =>
        int.TryParse(value.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var size) && size >= 1 ? size : null;

    [GeneratedRegex(@"^[\w\.\-\:]+$")]
    private static partial Regex KeyFormat();

    [GeneratedRegex(@"^<is>\s*(True|False)$", RegexOptions.IgnoreCase)]
    private static partial Regex IsPrefixed();
}
