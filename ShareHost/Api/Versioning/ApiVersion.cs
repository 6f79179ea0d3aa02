using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace ShareHost.Api.Versioning;

/// <summary>A Manila microversion, <c>major.minor</c>.</summary>
public readonly partial record struct ApiVersion(int Major, int Minor) : IComparable<ApiVersion>
{
    public static bool TryParse(string? text, out ApiVersion version)
    {
        version = default;
        if (text is null)
        {
            return false;
        }

        var match = Format().Match(text.Trim());
        if (!match.Success)
        {
            return false;
        }

        version = new ApiVersion(Number(match.Groups[1].ValueSpan), Number(match.Groups[2].ValueSpan));
        return true;
    }

    /// <summary>The regex admits only digits, so a failed parse is an overflow: well-formed, just beyond any range (406, not 400).</summary>
    private static int Number(ReadOnlySpan<char> digits) => int.TryParse(digits, out var value) ? value : int.MaxValue;

    public static ApiVersion Parse(string text) =>
        TryParse(text, out var version) ? version : throw new FormatException($"'{text}' is not a microversion");

    public int CompareTo(ApiVersion other) => Major != other.Major ? Major.CompareTo(other.Major) : Minor.CompareTo(other.Minor);

    public static bool operator <(ApiVersion left, ApiVersion right) => left.CompareTo(right) < 0;

    public static bool operator >(ApiVersion left, ApiVersion right) => left.CompareTo(right) > 0;

    public static bool operator <=(ApiVersion left, ApiVersion right) => left.CompareTo(right) <= 0;

    public static bool operator >=(ApiVersion left, ApiVersion right) => left.CompareTo(right) >= 0;

    /// <summary>True when this version is at least <paramref name="version"/> (written as <c>"2.45"</c>).</summary>
    public bool AtLeast([StringSyntax("version")] string version) => this >= Parse(version);

    public override string ToString() => $"{Major}.{Minor}";

    [GeneratedRegex(@"^([1-9]\d*)\.([1-9]\d*|0)$")]
    private static partial Regex Format();
}
