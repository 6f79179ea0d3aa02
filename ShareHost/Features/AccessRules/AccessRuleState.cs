namespace ShareHost.Features.AccessRules;

/// <summary>
/// A rule's state on one share instance, Manila's per-rule state machine:
/// queued_to_apply → applying → active | error; queued_to_deny → denying → (removed) | error.
/// </summary>
public static class AccessRuleState
{
    public const string QueuedToApply = "queued_to_apply";
    public const string Applying = "applying";
    public const string Active = "active";
    public const string Error = "error";
    public const string QueuedToDeny = "queued_to_deny";
    public const string Denying = "denying";

    /// <summary>Manila's order for a rule on several instances: the first of these any instance is in wins.</summary>
    private static readonly string[] Precedence = [Error, Denying, QueuedToDeny, QueuedToApply, Applying, Active];

    /// <summary>The rule's state across instances (<c>active</c> when it has none, which only a share without instances has).</summary>
    public static string Aggregate(IEnumerable<string> instanceStates)
    {
        var states = instanceStates as ICollection<string> ?? instanceStates.ToList();
        return Precedence.FirstOrDefault(states.Contains) ?? Active;
    }
}

/// <summary>An instance's <c>access_rules_status</c>: a summary of its rules' states.</summary>
public static class AccessRulesStatus
{
    public const string Active = "active";
    public const string Syncing = "syncing";
    public const string Error = "error";
}
