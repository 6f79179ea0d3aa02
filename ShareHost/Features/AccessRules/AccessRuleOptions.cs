namespace ShareHost.Features.AccessRules;

/// <summary>Limits and pacing of access rules, section <c>AccessRules</c>.</summary>
public sealed class AccessRuleOptions
{
    public const string Section = "AccessRules";

    /// <summary>Rules one share may have (including those being denied).</summary>
    public int MaxRulesPerShare { get; init; } = 4096;

    /// <summary>Items (rules added plus rules removed) one bulk change may carry.</summary>
    public int MaxBulkItems { get; init; } = 1000;

    /// <summary>Share instances whose rules are sent to drivers at the same time, across all backends.</summary>
    public int MaxConcurrentSyncs { get; init; } = 16;

    /// <summary>
    /// Changes that arrive while a driver call runs are always sent together in the next call. When some did (a burst
    /// is under way), the next call also waits this long, so the burst gathers into fewer calls. A change on an idle
    /// instance is sent at once. 0 never waits.
    /// </summary>
    public int CoalesceMilliseconds { get; init; } = 50;

    /// <summary>User messages one sync writes for rules the driver refused; the rest are summed up in one more.</summary>
    public int MaxMessagesPerSync { get; init; } = 10;
}
