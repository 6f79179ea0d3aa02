using System.Data.Common;
using Microsoft.Extensions.Options;
using ShareHost.Api.Errors;
using ShareHost.Features.AccessRules.Sync;
using ShareHost.Features.Shares;
using ShareHost.Persistence;

namespace ShareHost.Features.AccessRules;

/// <summary>
/// Grants and withdraws access to shares, for the API and for host code (mount leases grant an ip rule per client):
/// a change is validated as a whole, written in one transaction (rules queued on every instance of the share, the
/// instances syncing) and then handed to the sync machinery, which sends it to the drivers.
/// </summary>
public sealed class AccessRuleService(
    SqliteConnectionFactory connections,
    WriteBatcher writes,
    ShareRepository shares,
    AccessRuleRepository rules,
    AccessSyncService sync,
    IOptionsMonitor<AccessRuleOptions> options)
{
    /// <summary>Grants one rule (host code: judged at the newest microversion); 400/404 as the API would answer.</summary>
    public async Task<AccessRule> AllowAsync(string shareId, NewAccessRule rule, CancellationToken cancellationToken)
    {
        var share = await shares.FindAsync(shareId, cancellationToken) ?? throw new NotFoundException($"Share {shareId} could not be found.");
        var change = new AccessChange
        {
            Add = [new AccessRuleRequest(rule.AccessType, rule.AccessTo, rule.AccessLevel, rule.Metadata)],
            SingleRule = "",
        };
        return (await ChangeAsync(share, change, cancellationToken)).Added[0];
    }

    /// <summary>Withdraws one rule (host code); 404 when the share has no such rule.</summary>
    public async Task DenyAsync(string shareId, string accessId, CancellationToken cancellationToken)
    {
        var share = await shares.FindAsync(shareId, cancellationToken) ?? throw new NotFoundException($"Share {shareId} could not be found.");
        await ChangeAsync(share, new AccessChange { Remove = [accessId], SingleRule = "" }, cancellationToken);
    }

    /// <summary>The share's rule for a type and target (host code: a lease reuses a client's existing rule instead of adding a duplicate).</summary>
    public Task<AccessRule?> FindAsync(string shareId, string accessType, string accessTo, CancellationToken cancellationToken) =>
        rules.FindByTargetAsync(shareId, accessType, accessTo, cancellationToken);

    /// <summary>Validates and queues a change atomically; nothing is written when any part of it is refused.</summary>
    public async Task<AccessChangeResult> ChangeAsync(ShareRecord share, AccessChange change, CancellationToken cancellationToken)
    {
        var limits = options.CurrentValue;
        if (change.Add.Count + change.Remove.Count == 0)
        {
            throw new BadRequestException("Invalid input: the change must add or remove at least one access rule.");
        }

        if (change.Add.Count + change.Remove.Count > limits.MaxBulkItems)
        {
            throw new BadRequestException($"Invalid input: one change may add and remove at most {limits.MaxBulkItems} access rules together.");
        }

        // Problems by item index: the answer names the first bad item, whichever check finds it.
        var problems = new SortedDictionary<int, string>();
        var added = AccessChangeChecks.Validate(share, change, problems);
        // One write, group-committed with the other changes arriving at the same time (a thousand allows in a burst).
        var instanceIds = await writes.WriteAsync(async (connection, transaction) =>
        {
            var existing = await AccessRuleRepository.ExistingTargetsAsync(connection, transaction, share.Id, added.Select(r => (r.AccessType, r.AccessTo)), cancellationToken);
            AccessChangeChecks.CheckExisting(change, existing, problems);
            if (problems.Count > 0)
            {
                throw new BadRequestException(problems.First().Value);
            }

            AccessChangeChecks.CheckRemovals(change, await AccessRuleRepository.ExistingIdsAsync(connection, transaction, share.Id, change.Remove, cancellationToken));
            var count = added.Count == 0 ? 0 : await AccessRuleRepository.CountAsync(connection, transaction, share.Id, cancellationToken);
            if (count + added.Count > limits.MaxRulesPerShare)
            {
                throw new BadRequestException(
                    $"Invalid input: share {share.Id} would have {count + added.Count} access rules; at most {limits.MaxRulesPerShare} are allowed.");
            }

            var instances = await AccessRuleRepository.InstancesAsync(connection, transaction, share.Id, cancellationToken);
            AccessChangeChecks.CheckShareAvailable(share, instances, change);
            var ids = instances.Select(i => i.Id).ToList();
            await AccessRuleRepository.InsertAsync(connection, transaction, added, ids, cancellationToken);
            await AccessRuleRepository.QueueDenyAsync(connection, transaction, change.Remove, cancellationToken);
            await AccessRuleRepository.MarkSyncingAsync(connection, transaction, ids, cancellationToken);
            return ids;
        }, cancellationToken);

        foreach (var instanceId in instanceIds)
        {
            sync.Request(instanceId);
        }

        // Answer with the rules as this change wrote them (queued on every instance), as Manila does, not as a sync
        // that may already have started has moved them on.
        foreach (var rule in added)
        {
            foreach (var instanceId in instanceIds)
            {
                rule.InstanceStates[instanceId] = AccessRuleState.QueuedToApply;
            }
        }

        return new AccessChangeResult(added);
    }

    /// <summary>
    /// Withdraws every rule from one instance and waits for the driver (a share is deleted with its rules, as Manila
    /// denies all first). Null when the instance has no rule left; else why the removal failed.
    /// </summary>
    public async Task<string?> RemoveAllAsync(string instanceId, CancellationToken cancellationToken)
    {
        await using (var connection = await connections.OpenAsync(cancellationToken))
        await using (var transaction = await SqliteConnectionFactory.BeginWriteAsync(connection, cancellationToken))
        {
            var count = await AccessRuleRepository.QueueDenyAllAsync(connection, transaction, instanceId, cancellationToken);
            if (count == 0)
            {
                return null;
            }

            await AccessRuleRepository.MarkSyncingAsync(connection, transaction, [instanceId], cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        var result = await sync.SyncAsync(instanceId, cancellationToken);
        if (result == AccessSyncResult.Stopped)
        {
            throw new OperationCanceledException("the host is stopping");
        }

        var remaining = await rules.OnInstanceAsync(instanceId, cancellationToken);
        if (remaining.Count == 0)
        {
            return null;
        }

        var examples = string.Join(", ", remaining.Take(3).Select(r => $"{r.AccessType}:{r.AccessTo} ({r.State})"));
        return result == AccessSyncResult.Waiting
            ? $"the access rules could not be removed: the backend is not available ({remaining.Count} left, e.g. {examples})"
            : $"the backend failed to remove {remaining.Count} access rule(s), e.g. {examples}";
    }

    /// <summary>Gives a new share instance (replica, migration destination) the share's rules; sync it once it exists on its backend.</summary>
    public static Task<int> CopyToInstanceAsync(DbConnection connection, DbTransaction transaction, string shareId, string instanceId, CancellationToken cancellationToken) =>
        AccessRuleRepository.CopyToInstanceAsync(connection, transaction, shareId, instanceId, cancellationToken);

    /// <summary>
    /// Sends the instances' rules to their drivers again, at the level each instance's role asks for now (after a
    /// replica promotion the new active replica serves them read-write and a readable old one read-only). Call inside
    /// the transaction that changed the roles, then <see cref="RequestSync"/> each instance after it commits.
    /// </summary>
    public static Task<int> ReapplyAsync(DbConnection connection, DbTransaction transaction, IReadOnlyCollection<string> instanceIds, CancellationToken cancellationToken) =>
        AccessRuleRepository.RequeueActiveAsync(connection, transaction, instanceIds, cancellationToken);

    /// <summary>Asks for a sync of an instance whose rules are queued (for example a new instance that just became available).</summary>
    public void RequestSync(string instanceId) => sync.Request(instanceId);
}
