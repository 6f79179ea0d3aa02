using ShareHost.Api.Versioning;

namespace ShareHost.Features.AccessRules;

/// <summary>A rule to add as a request carries it, before validation.</summary>
public sealed record AccessRuleRequest(string? AccessType, string? AccessTo, string? AccessLevel, IReadOnlyDictionary<string, string>? Metadata = null)
{
    public AccessRuleInput Input => new(AccessType, AccessTo, AccessLevel);
}

/// <summary>
/// Rules to add and rule ids to remove on one share, applied as a whole or not at all. A single-rule change
/// (<see cref="SingleRule"/>: allow_access, deny_access, host code) names fields like <c>allow_access.access_to</c> and
/// answers as Manila does (an unknown rule is 404); a bulk change names items by index (<c>add[3].access_to</c>).
/// </summary>
public sealed class AccessChange
{
    public IReadOnlyList<AccessRuleRequest> Add { get; init; } = [];

    public IReadOnlyList<string> Remove { get; init; } = [];

    /// <summary>The microversion the rules are judged at (IPv6 from 2.38, cephx from 2.13); host code uses the newest.</summary>
    public ApiVersion Version { get; init; } = VersionHistory.Max;

    /// <summary>Set for single-rule changes: the prefix of field names in errors (the action key, or empty for host code).</summary>
    public string? SingleRule { get; init; }

    public string AddField(int index, string field) => SingleRule is null ? $"add[{index}].{field}" : Prefixed(field);

    public string RemoveField(int index) => SingleRule is null ? $"remove[{index}]" : Prefixed("access_id");

    private string Prefixed(string field) => string.IsNullOrEmpty(SingleRule) ? field : $"{SingleRule}.{field}";
}

/// <summary>What a change did: the rules it added, as stored.</summary>
public sealed record AccessChangeResult(IReadOnlyList<AccessRule> Added);
