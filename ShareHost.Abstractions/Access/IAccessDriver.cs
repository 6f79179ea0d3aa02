namespace ShareHost.Abstractions;

/// <summary>
/// Optional (contract 1.2): the driver applies access rules with one call per share instance that carries every
/// rule the instance should have plus the difference from the last call, and reports a result per rule.
/// </summary>
/// <remarks>
/// <para>
/// Backends that rewrite an export's whole client list (Ganesha, Samba) should apply <see cref="AccessUpdate.Rules"/>
/// as a whole and may ignore the difference. Both difference lists empty means "make the backend match
/// <see cref="AccessUpdate.Rules"/>" (used after a restart and to force rules read-only).
/// </para>
/// <para>
/// The call must not fail on removing a rule that was never applied or adding one that already is. A rule missing
/// from the result counts as applied (or removed). An exception marks only the rules in flight as <c>error</c>.
/// </para>
/// </remarks>
public interface IAccessDriver
{
    /// <summary>Makes the instance's exports admit exactly <see cref="AccessUpdate.Rules"/>.</summary>
    /// <param name="update">The desired rules and the difference from the previous call.</param>
    /// <param name="cancellationToken">Fires when the call's timeout expires or the host stops.</param>
    /// <returns>A result for each rule that failed or produced an access key; others may be omitted.</returns>
    Task<IReadOnlyList<AccessRuleResult>> UpdateAccessAsync(AccessUpdate update, CancellationToken cancellationToken);
}

/// <summary>The access rules one share instance should have (contract 1.2).</summary>
public sealed class AccessUpdate
{
    /// <summary>The share instance whose exports are changed.</summary>
    public required DriverShare Share { get; init; }

    /// <summary>Every rule the instance should admit after the call, including <see cref="AddRules"/>.</summary>
    public required IReadOnlyList<DriverAccessRule> Rules { get; init; }

    /// <summary>Rules new since the last call.</summary>
    public IReadOnlyList<DriverAccessRule> AddRules { get; init; } = [];

    /// <summary>Rules to remove; they are not in <see cref="Rules"/>.</summary>
    public IReadOnlyList<DriverAccessRule> DeleteRules { get; init; } = [];
}

/// <summary>One access rule as a driver sees it (contract 1.2).</summary>
public sealed class DriverAccessRule
{
    /// <summary>The rule's id; results refer to it.</summary>
    public required string Id { get; init; }

    /// <summary><c>ip</c>, <c>user</c>, <c>cert</c> or <c>cephx</c>.</summary>
    public required string AccessType { get; init; }

    /// <summary>Who is admitted: an IPv4/IPv6 address or CIDR, a user name, a certificate CN or a cephx id.</summary>
    public required string AccessTo { get; init; }

    /// <summary><c>rw</c> or <c>ro</c>. Rules on read-only replicas and snapshots always arrive as <c>ro</c>.</summary>
    public required string AccessLevel { get; init; }
}

/// <summary>The outcome of one rule in <see cref="IAccessDriver.UpdateAccessAsync"/> (contract 1.2).</summary>
public sealed class AccessRuleResult
{
    /// <summary>The <see cref="DriverAccessRule.Id"/> this result is about.</summary>
    public required string RuleId { get; init; }

    /// <summary>Whether the rule is in effect (or removed) or failed.</summary>
    public required AccessRuleOutcome Outcome { get; init; }

    /// <summary>Why the rule failed, shown to the share's owner; keep secrets out of it.</summary>
    public string? Message { get; init; }

    /// <summary>A credential the client needs with this rule (a cephx secret, a generated password), shown as <c>access_key</c>.</summary>
    public string? AccessKey { get; init; }
}

/// <summary>What became of one access rule (contract 1.2).</summary>
public enum AccessRuleOutcome
{
    /// <summary>The rule is in effect (for an added rule) or gone (for a removed one).</summary>
    Applied = 0,

    /// <summary>The rule could not be applied or removed; <see cref="AccessRuleResult.Message"/> says why.</summary>
    Error = 1,
}
