namespace ShareHost.Features.Ownership;

/// <summary>
/// SQL for "now" on the database's clock, so processes sharing the file agree on lease times whatever their own
/// clocks say. Text in SQLite's own format, UTC, millisecond precision: comparable as text.
/// </summary>
public static class DatabaseTime
{
    public const string Now = "strftime('%Y-%m-%d %H:%M:%f', 'now')";

    /// <summary>The same text as a .NET format string (UTC, millisecond precision), for times computed from a database time.</summary>
    public const string TextFormat = "yyyy-MM-dd HH:mm:ss.fff";

    /// <summary>Now plus the number of seconds in the <c>@seconds</c> parameter.</summary>
    public const string NowPlusSeconds = "strftime('%Y-%m-%d %H:%M:%f', 'now', printf('%+.3f seconds', @seconds))";

    /// <summary>Seconds from now until a timestamp column (negative once past).</summary>
    public const string SecondsUntilExpiry = "((julianday(expires_at) - julianday('now')) * 86400.0)";
}
