namespace ShareHost.Features.AccessRules;

/// <summary>An access rule of a share, with its state on each of the share's instances.</summary>
public sealed class AccessRule
{
    public string Id { get; init; } = "";

    public string ShareId { get; init; } = "";

    public string AccessType { get; init; } = "";

    public string AccessTo { get; init; } = "";

    public string AccessLevel { get; init; } = "";

    public string? AccessKey { get; init; }

    public DateTime CreatedAt { get; init; }

    public DateTime? UpdatedAt { get; init; }

    public Dictionary<string, string> Metadata { get; init; } = new(StringComparer.Ordinal);

    /// <summary>Share instance id → this rule's state there.</summary>
    public Dictionary<string, string> InstanceStates { get; init; } = new(StringComparer.Ordinal);

    /// <summary>The state the API shows (2.28+): aggregated over instances as Manila does.</summary>
    public string State => AccessRuleState.Aggregate(InstanceStates.Values);
}

/// <summary>What a caller asks for: a rule to add (validated by <see cref="AccessRuleValidation"/>).</summary>
public sealed record NewAccessRule(string AccessType, string AccessTo, string AccessLevel, IReadOnlyDictionary<string, string>? Metadata = null);
