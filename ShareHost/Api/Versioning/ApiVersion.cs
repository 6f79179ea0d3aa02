using System.Diagnostics.CodeAnalysis;

namespace ShareHost.Api.Versioning;

/// <summary>A Manila microversion, <c>major.minor</c>.</summary>
public readonly record struct ApiVersion(int Major, int Minor) : IComparable<ApiVersion>
{
    /// <summary>
    /// Parses <c>major.minor</c>: digits only, no leading zeros (a minor of 0 is "0"), surrounding white space allowed.
    /// Written by hand rather than with a regex: every microversion-gated field of every rendered resource asks
    /// <see cref="AtLeast"/>, so this runs thousands of times per listing.
    /// </summary>
    public static bool TryParse(string? text, out ApiVersion version)
    {
        version = default;
        if (text is null)
        {
            return false;
        }

        var span = text.AsSpan().Trim();
        var dot = span.IndexOf('.');
        if (dot < 0 || !IsNumber(span[..dot], allowZero: false) || !IsNumber(span[(dot + 1)..], allowZero: true))
        {
            return false;
        }

        version = new ApiVersion(Number(span[..dot]), Number(span[(dot + 1)..]));
        return true;
    }

    /// <summary>ASCII digits without a leading zero; "0" itself only where <paramref name="allowZero"/>.</summary>
    private static bool IsNumber(ReadOnlySpan<char> digits, bool allowZero) =>
        digits.Length > 0 && !digits.ContainsAnyExceptInRange('0', '9')
        && (digits[0] != '0' || (allowZero && digits.Length == 1));

    /// <summary>Only digits reach here, so a failed parse is an overflow: well-formed, just beyond any range (406, not 400).</summary>
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
}
