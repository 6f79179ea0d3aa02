namespace ShareHost.Features.ShareTypes;

/// <summary>A share type with its extra specs and, when private, the projects that may use it.</summary>
public sealed class ShareType
{
    public string Id { get; init; } = "";

    public string Name { get; init; } = "";

    public string? Description { get; init; }

    public bool IsPublic { get; init; } = true;

    public DateTime CreatedAt { get; init; }

    public DateTime? UpdatedAt { get; init; }

    public Dictionary<string, string> ExtraSpecs { get; init; } = new(StringComparer.Ordinal);

    /// <summary>The boolean value of a standard spec (<c>True</c>, <c>&lt;is&gt; True</c> …), false when absent.</summary>
    public bool Flag(string key) =>
        ExtraSpecs.TryGetValue(key, out var value)
        && Scheduling.ExtraSpecMatcher.BoolFromString(value.Replace("<is>", "", StringComparison.OrdinalIgnoreCase)) == true;
}
