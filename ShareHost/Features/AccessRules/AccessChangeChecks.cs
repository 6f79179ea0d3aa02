using ShareHost.Api.Errors;
using ShareHost.Features.Shares;

namespace ShareHost.Features.AccessRules;

/// <summary>
/// What a change must pass before anything is written: each added rule (<see cref="AccessRuleValidation"/>, metadata,
/// no duplicate within the change or on the share), each removed rule (a rule of this share, named once), and Manila's
/// InvalidShare guard. Problems are collected by item index so a refusal names the first bad item.
/// </summary>
public static class AccessChangeChecks
{
    private static readonly MetadataValidator Metadata = new();

    /// <summary>Each item on its own (type, target, level, protocol, metadata) and against the items before it.</summary>
    public static List<AccessRule> Validate(ShareRecord share, AccessChange change, SortedDictionary<int, string> problems)
    {
        var now = DateTime.UtcNow;
        var added = new List<AccessRule>();
        var batch = new Dictionary<(string, string), int>();
        for (var i = 0; i < change.Add.Count; i++)
        {
            var request = change.Add[i];
            if (request is null)
            {
                problems[i] = $"Invalid input for field '{change.AddField(i, "access_type")}': the rule is missing.";
                continue;
            }

            if (AccessRuleValidation.Check(request.Input, change.Version, share.ShareProto) is { } problem)
            {
                problems[i] = $"Invalid input for field '{change.AddField(i, problem.Field)}': {problem.Message}";
                continue;
            }

            if (request.Metadata is { } metadata && Metadata.Validate(new Dictionary<string, string>(metadata, StringComparer.Ordinal)) is { IsValid: false } result)
            {
                problems[i] = $"Invalid input for field '{change.AddField(i, "metadata")}': {result.Errors[0].ErrorMessage}";
                continue;
            }

            var target = (request.AccessType!, request.AccessTo!);
            if (!batch.TryAdd(target, i))
            {
                problems[i] = $"Invalid input for field '{change.AddField(i, "access_to")}': {target.Item1}:{target.Item2} is already added by add[{batch[target]}].";
                continue;
            }

            added.Add(new AccessRule
            {
                Id = Guid.NewGuid().ToString(),
                ShareId = share.Id,
                AccessType = request.AccessType!,
                AccessTo = request.AccessTo!,
                AccessLevel = AccessRuleValidation.Level(request.AccessLevel),
                CreatedAt = now,
                Metadata = request.Metadata is null ? new(StringComparer.Ordinal) : new(request.Metadata, StringComparer.Ordinal),
            });
        }

        return added;
    }

    /// <summary>Manila's "Share access ip:10.1.0.0/24 exists.": a target the share already has (in any state, until removed).</summary>
    public static void CheckExisting(AccessChange change, HashSet<(string AccessType, string AccessTo)> targets, SortedDictionary<int, string> problems)
    {
        for (var i = 0; i < change.Add.Count; i++)
        {
            if (problems.ContainsKey(i) || !targets.Contains((change.Add[i].AccessType!, change.Add[i].AccessTo!)))
            {
                continue;
            }

            var exists = $"Share access {change.Add[i].AccessType}:{change.Add[i].AccessTo} exists.";
            problems[i] = change.SingleRule is not null ? exists : $"Invalid input for field '{change.AddField(i, "access_to")}': {exists}";
        }
    }

    public static void CheckRemovals(AccessChange change, HashSet<string> ids)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < change.Remove.Count; i++)
        {
            var id = change.Remove[i];
            if (string.IsNullOrEmpty(id) || !ids.Contains(id))
            {
                if (change.SingleRule is not null)
                {
                    throw new NotFoundException($"Access rule {id} not found.");
                }

                throw new BadRequestException($"Invalid input for field '{change.RemoveField(i)}': access rule '{id}' is not a rule of this share.");
            }

            if (!seen.Add(id))
            {
                throw new BadRequestException($"Invalid input for field '{change.RemoveField(i)}': access rule '{id}' is listed twice.");
            }
        }
    }

    /// <summary>
    /// Manila's InvalidShare guard: every instance must have a host and be neither transitional nor in error (and
    /// before 2.28, a share whose rules are in error takes no new ones).
    /// </summary>
    public static void CheckShareAvailable(ShareRecord share, IReadOnlyList<ShareInstanceRecord> instances, AccessChange change)
    {
        var blocked = instances.FirstOrDefault(i => i.Backend is null || i.Status == ShareStatus.Error || ShareStatus.Transitional.Contains(i.Status));
        if (blocked is not null)
        {
            var what = change.Add.Count > 0
                ? "New access rules cannot be applied while the share or any of its replicas or migration copies lacks a valid host or is in an invalid state"
                : "Access rules cannot be denied while the share, any of its replicas or migration copies lacks a valid host or is in an invalid state";
            var why = blocked.Backend is null ? "has no host" : $"is '{blocked.Status}'";
            throw new BadRequestException($"Invalid share: {what} (share {share.Id}: instance {blocked.Id} {why}).");
        }

        if (change.Add.Count > 0 && !change.Version.AtLeast("2.28") && instances.Any(i => i.AccessRulesStatus == AccessRulesStatus.Error))
        {
            throw new BadRequestException($"Invalid share: share {share.Id}'s access rules are in error; deny the failed rules first (or use microversion 2.28 or later).");
        }
    }
}
