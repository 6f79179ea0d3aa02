namespace ShareHost.Features.AccessRules.AllowAccess;

/// <summary>The value of <c>allow_access</c> (<c>os-allow_access</c> before 2.7); metadata from 2.45.</summary>
public sealed record AllowAccessRequest
{
    public string? AccessType { get; init; }

    public string? AccessTo { get; init; }

    public string? AccessLevel { get; init; }

    public Dictionary<string, string>? Metadata { get; init; }
}
