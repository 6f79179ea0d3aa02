using System.Collections;
using System.Globalization;

namespace ShareHost.Features.Scheduling;

/// <summary>
/// Manila's extra-spec matching: which share-type extra specs a pool's capabilities satisfy, with every operator
/// Manila accepts (<c>&lt;is&gt;</c>, <c>&lt;in&gt;</c>, <c>&lt;or&gt;</c>, <c>=</c>, <c>==</c>, <c>!=</c>,
/// <c>&gt;=</c>, <c>&lt;=</c>, <c>s==</c>, <c>s!=</c>, <c>s&lt;</c>, <c>s&lt;=</c>, <c>s&gt;</c>, <c>s&gt;=</c>).
/// </summary>
public static class ExtraSpecMatcher
{
    /// <summary>Standard boolean specs the scheduler rewrites to <c>&lt;is&gt; X</c> before matching.</summary>
    public static readonly IReadOnlySet<string> BooleanSpecs = new HashSet<string>(StringComparer.Ordinal)
    {
        "driver_handles_share_servers",
        "snapshot_support",
        "create_share_from_snapshot_support",
        "revert_to_snapshot_support",
        "mount_snapshot_support",
    };

    /// <summary>The first spec a pool fails, or null when it satisfies them all.</summary>
    public static string? FirstUnsatisfied(IReadOnlyDictionary<string, object?> capabilities, IReadOnlyDictionary<string, string> extraSpecs)
    {
        foreach (var (key, requirement) in extraSpecs)
        {
            if (key is "availability_zones" or "capabilities:availability_zones")
            {
                continue;
            }

            var scope = key.Split(':');
            if (scope.Length > 1)
            {
                if (scope[0] != "capabilities")
                {
                    continue; // vendor-scoped keys are for drivers, not for the scheduler
                }

                scope = scope[1..];
            }

            object? capability = capabilities;
            foreach (var part in scope)
            {
                if (capability is IReadOnlyDictionary<string, object?> nested && nested.TryGetValue(part, out var next))
                {
                    capability = next;
                }
                else
                {
                    return key;
                }
            }

            var offered = capability is not string && capability is IList list ? list.Cast<object?>() : [capability];
            if (!offered.Any(value => Match(value, requirement)))
            {
                return key;
            }
        }

        return null;
    }

    /// <summary>One capability value against one requirement string (Manila's extra_specs_ops.match).</summary>
    public static bool Match(object? value, string? requirement)
    {
        if (requirement is null)
        {
            return value is null;
        }

        if (value is string s)
        {
            value = s.ToLowerInvariant();
        }

        var words = new Queue<string>(requirement.ToLowerInvariant().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        var op = words.Count > 0 ? words.Dequeue() : null;
        if (op is null || (op != "<or>" && !IsOperator(op)))
        {
            var plain = requirement.ToLowerInvariant();
            return value switch
            {
                bool b => BoolFromString(plain) is { } wanted && b == wanted,
                string text => text == plain,
                null => false,
                _ => Number(value) is { } n && double.TryParse(plain, NumberStyles.Float, CultureInfo.InvariantCulture, out var r) && n == r,
            };
        }

        if (value is null)
        {
            return false;
        }

        if (op == "<or>")
        {
            var text = Text(value);
            while (words.Count > 0)
            {
                if (words.Dequeue() == text)
                {
                    return true;
                }

                if (words.Count == 0 || words.Dequeue() != "<or>")
                {
                    break;
                }
            }

            return false;
        }

        if (words.Count == 0)
        {
            return false;
        }

        var argument = words.Dequeue();
        return op switch
        {
            "<in>" => value is string haystack ? haystack.Contains(argument, StringComparison.Ordinal) : Text(value) == argument,
            "<is>" => BoolFromString(Text(value)) is { } left && BoolFromString(argument) is { } right && left == right,
            "=" => Compare(value, argument) is >= 0,
            "==" => Compare(value, argument) is 0,
            "!=" => Compare(value, argument) is not (null or 0),
            ">=" => Compare(value, argument) is >= 0,
            "<=" => Compare(value, argument) is <= 0,
            "s==" => string.Equals(Text(value), argument, StringComparison.Ordinal),
            "s!=" => !string.Equals(Text(value), argument, StringComparison.Ordinal),
            "s<" => string.CompareOrdinal(Text(value), argument) < 0,
            "s<=" => string.CompareOrdinal(Text(value), argument) <= 0,
            "s>" => string.CompareOrdinal(Text(value), argument) > 0,
            "s>=" => string.CompareOrdinal(Text(value), argument) >= 0,
            _ => false,
        };
    }

    /// <summary>Manila's strutils.bool_from_string (non-strict): recognised words, else null.</summary>
    public static bool? BoolFromString(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        "1" or "t" or "true" or "on" or "y" or "yes" => true,
        "0" or "f" or "false" or "off" or "n" or "no" => false,
        _ => null,
    };

    private static bool IsOperator(string op) =>
        op is "=" or "<in>" or "<is>" or "==" or "!=" or ">=" or "<=" or "s==" or "s!=" or "s<" or "s<=" or "s>" or "s>=";

    /// <summary>Numeric comparison; a value or argument that is not a number fails the spec (Manila's ValueError).</summary>
    private static int? Compare(object value, string argument) =>
        Number(value) is { } left && double.TryParse(argument, NumberStyles.Float, CultureInfo.InvariantCulture, out var right)
            ? left.CompareTo(right)
            : null;

    private static double? Number(object value) => value switch
    {
        bool => null,
        string s => double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : null,
        IConvertible c => c.ToDouble(CultureInfo.InvariantCulture),
        _ => null,
    };

    private static string Text(object value) => value switch
    {
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture).ToLowerInvariant(),
        _ => value.ToString()?.ToLowerInvariant() ?? "",
    };
}
