using ShareHost.Api.Errors;
using ShareHost.Features.AccessRules;

namespace ShareHost.Features.Snapshots.Access;

/// <summary>
/// Snapshot access rules take the share rules' validation (<see cref="AccessRuleValidation"/>) for the types a
/// read-only snapshot export accepts: <c>ip</c>, <c>user</c> and <c>cert</c> (no cephx).
/// </summary>
public static class SnapshotAccessValidation
{
    public static readonly IReadOnlyList<string> Types = ["ip", "user", "cert"];

    /// <summary>Throws 400 naming <c>{field}.access_type</c> or <c>{field}.access_to</c> and the reason; returns the access_to to store.</summary>
    public static string Validate(string field, string? accessType, string? accessTo, bool allowIpv6)
    {
        if (string.IsNullOrEmpty(accessType) || !Types.Contains(accessType))
        {
            throw new BadRequestException(
                $"Invalid input for field '{field}.access_type': only 'ip', 'user' or 'cert' access types are supported for snapshots (got '{accessType}').");
        }

        if (string.IsNullOrWhiteSpace(accessTo))
        {
            throw new BadRequestException($"Invalid input for field '{field}.access_to': is required.");
        }

        var problem = accessType switch
        {
            "ip" => AccessRuleValidation.CheckIp(accessTo.Trim(), allowIpv6),
            "user" => AccessRuleValidation.CheckUser(accessTo),
            _ => AccessRuleValidation.CheckCert(accessTo),
        };
        if (problem is not null)
        {
            throw new BadRequestException($"Invalid input for field '{field}.access_to': {problem}");
        }

        return accessType == "user" ? accessTo : accessTo.Trim();
    }
}
