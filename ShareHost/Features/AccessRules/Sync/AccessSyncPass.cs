using System.Data.Common;
using Microsoft.Extensions.Options;
using ShareHost.Abstractions;
using ShareHost.Features.Backends;
using ShareHost.Features.Messages;
using ShareHost.Features.Shares;
using ShareHost.Features.ShareTypes;

namespace ShareHost.Features.AccessRules.Sync;

/// <summary>How a pass ended.</summary>
public enum AccessSyncResult
{
    /// <summary>Nothing left queued: the instance's status is active or error.</summary>
    Settled,

    /// <summary>Changes arrived while the driver worked: another pass is due.</summary>
    MoreQueued,

    /// <summary>The instance cannot take rules yet (being created, its backend down): they stay queued.</summary>
    Waiting,

    /// <summary>The instance no longer exists.</summary>
    Gone,

    /// <summary>The host is stopping; rules in flight are sent again after the next start.</summary>
    Stopped,
}

/// <summary>
/// One sync of one share instance, Manila's update_access: queued rules go into flight, the driver gets every rule the
/// instance should admit plus the difference in ONE call, and each rule ends active (or removed) or in error with a
/// user message. A driver exception fails only the rules in flight.
/// </summary>
public sealed class AccessSyncPass(
    AccessSyncRepository repository,
    ShareRepository shares,
    ShareTypeRepository shareTypes,
    BackendRegistry backends,
    DriverInvoker drivers,
    MessageRepository messages,
    IOptionsMonitor<AccessRuleOptions> options,
    ILogger<AccessSyncPass> logger)
{
    public const string DriverOperation = "UpdateAccess";

    public async Task<AccessSyncResult> RunAsync(string instanceId, CancellationToken cancellationToken)
    {
        var instance = await shares.FindInstanceAsync(instanceId, cancellationToken);
        if (instance is null)
        {
            return AccessSyncResult.Gone;
        }

        var backend = backends.Find(instance.Backend);
        var driver = backend?.Driver;
        if (backend is null || driver is null || !backend.IsUp || instance.Status is ShareStatus.Creating or ShareStatus.CreatingFromSnapshot)
        {
            return AccessSyncResult.Waiting;
        }

        var share = await shares.FindAsync(instance.ShareId, cancellationToken);
        if (share is null)
        {
            return AccessSyncResult.Gone;
        }

        // Everything the driver call needs is read before rules go into flight, so nothing but the call itself stands
        // between "applying" and its outcome.
        var type = share.ShareTypeId is null ? null : await shareTypes.FindByIdAsync(share.ShareTypeId, cancellationToken);
        var driverShare = DriverShares.For(share, instance, type, await shares.ExportLocationsAsync([instance.Id], cancellationToken));
        var (started, rules) = await repository.StartAsync(instanceId, cancellationToken);
        if (!started)
        {
            return AccessSyncResult.Settled;
        }

        var applying = rules.Where(r => r.State == AccessRuleState.Applying).ToList();
        var denying = rules.Where(r => r.State == AccessRuleState.Denying).ToList();
        var outcomes = new RuleOutcomes();
        var refused = new List<(InstanceRule Rule, string Message)>();
        string? callFailure = null;
        var detail = MessageCatalog.Detail.Unknown;
        if (driver is not IAccessDriver)
        {
            // Nothing was ever applied on such a backend, so removing a rule always succeeds.
            detail = MessageCatalog.Detail.UnsupportedAccess;
            refused.AddRange(applying.Select(r => (r, $"the backend '{backend.Name}' does not support access rules (its driver does not implement the access interface)")));
            outcomes.FailedToApply.AddRange(applying.Select(r => r.Id));
            outcomes.Removed.AddRange(denying.Select(r => r.Id));
        }
        else
        {
            var update = Update(driverShare, rules, ReplicaStates.CastRulesToReadOnly(share.ReplicationType, instance.ReplicaState));
            try
            {
                var results = await drivers.CallAsync(backend, DriverOperation,
                    (current, ct) => ((IAccessDriver)current).UpdateAccessAsync(update, ct), cancellationToken);
                Decide(rules, results ?? [], outcomes, refused);
            }
            catch (DriverCallException e)
            {
                callFailure = e.UserMessage;
                outcomes.FailedToApply.AddRange(applying.Select(r => r.Id));
                outcomes.FailedToDeny.AddRange(denying.Select(r => r.Id));
                logger.LogWarning("Access sync of share instance {Instance} on backend {Backend} failed: {Reason}", instanceId, backend.Name, e.Message);
            }
        }

        var moreQueued = await repository.FinishAsync(instanceId, outcomes,
            (connection, transaction) => RecordMessagesAsync(connection, transaction, share, applying.Count + denying.Count, refused, callFailure, detail, cancellationToken),
            cancellationToken);
        return moreQueued ? AccessSyncResult.MoreQueued : AccessSyncResult.Settled;
    }

    /// <summary>
    /// The call's argument. A readable share's non-active replica serves reads only (Manila's cast_rules_to_readonly):
    /// every rule goes as <c>ro</c> and both difference lists stay empty, which asks the driver to make the exports match
    /// the whole list.
    /// </summary>
    private static AccessUpdate Update(DriverShare share, IReadOnlyList<InstanceRule> rules, bool readOnly) =>
        readOnly
            ? new()
            {
                Share = share,
                Rules = rules.Where(r => r.State != AccessRuleState.Denying).Select(r => Driver(r, "ro")).ToList(),
            }
            : new()
            {
                Share = share,
                Rules = rules.Where(r => r.State != AccessRuleState.Denying).Select(r => Driver(r)).ToList(),
                AddRules = rules.Where(r => r.State == AccessRuleState.Applying).Select(r => Driver(r)).ToList(),
                DeleteRules = rules.Where(r => r.State == AccessRuleState.Denying).Select(r => Driver(r)).ToList(),
            };

    /// <summary>Per-rule results: an error fails just that rule; a rule without a result is applied (or removed).</summary>
    private static void Decide(IReadOnlyList<InstanceRule> sent, IReadOnlyList<AccessRuleResult> results,
        RuleOutcomes outcomes, List<(InstanceRule Rule, string Message)> refused)
    {
        var byId = new Dictionary<string, AccessRuleResult>(StringComparer.Ordinal);
        foreach (var result in results.Where(r => r is not null))
        {
            byId[result.RuleId] = result;
        }

        foreach (var rule in sent)
        {
            var result = byId.GetValueOrDefault(rule.Id);
            var failed = result?.Outcome == AccessRuleOutcome.Error;
            if (failed)
            {
                refused.Add((rule, string.IsNullOrWhiteSpace(result!.Message) ? "the driver refused the rule" : result.Message));
            }

            switch (rule.State)
            {
                case AccessRuleState.Applying:
                    (failed ? outcomes.FailedToApply : outcomes.Activated).Add(rule.Id);
                    break;
                case AccessRuleState.Denying:
                    (failed ? outcomes.FailedToDeny : outcomes.Removed).Add(rule.Id);
                    break;
                case AccessRuleState.Active when failed:
                    outcomes.FailedWhileActive.Add(rule.Id);
                    break;
            }

            if (!failed && rule.State != AccessRuleState.Denying && result?.AccessKey is { Length: > 0 } key && key != rule.AccessKey)
            {
                outcomes.AccessKeys[rule.Id] = key;
            }
        }
    }

    /// <summary>User messages (action 010, update access rules): one per refused rule up to a bound, or one for a failed call.</summary>
    private async Task RecordMessagesAsync(DbConnection connection, DbTransaction transaction, ShareRecord share, int inFlight,
        List<(InstanceRule Rule, string Message)> refused, string? callFailure, string detail, CancellationToken cancellationToken)
    {
        if (callFailure is not null)
        {
            await messages.RecordAsync(connection, transaction, share.ProjectId, null, ResourceTypes.Share, share.Id,
                MessageCatalog.Action.UpdateAccessRules, MessageCatalog.Detail.Unknown,
                $"{inFlight} access rule(s) in flight set to error: {callFailure}", cancellationToken);
            return;
        }

        var limit = Math.Max(1, options.CurrentValue.MaxMessagesPerSync);
        foreach (var (rule, message) in refused.Take(limit))
        {
            await messages.RecordAsync(connection, transaction, share.ProjectId, null, ResourceTypes.Share, share.Id,
                MessageCatalog.Action.UpdateAccessRules, detail,
                $"access rule {rule.Id} ({rule.AccessType}:{rule.AccessTo}): {message}", cancellationToken);
        }

        if (refused.Count > limit)
        {
            await messages.RecordAsync(connection, transaction, share.ProjectId, null, ResourceTypes.Share, share.Id,
                MessageCatalog.Action.UpdateAccessRules, detail,
                $"{refused.Count - limit} more access rule(s) were refused in the same sync", cancellationToken);
        }
    }

    private static DriverAccessRule Driver(InstanceRule rule, string? level = null) => new()
    {
        Id = rule.Id,
        AccessType = rule.AccessType,
        AccessTo = rule.AccessTo,
        AccessLevel = level ?? rule.AccessLevel,
    };
}
