using System.Net;
using ShareHost.Abstractions;
using ShareHost.Api.Errors;
using ShareHost.Features.AccessRules;
using ShareHost.Features.Backends;
using ShareHost.Features.Mounts.Leases;

namespace ShareHost.Features.Mounts.Access;

/// <summary>
/// Mount access through the access machinery: a live lease is backed by the share's <c>ip</c> rule for its client at
/// the lease's level. Every live lease of that client uses the same rule; the mount that finds none makes one (marked
/// as a mount's in its metadata) and answers once the driver applied it; the end of the last lease using it denies it,
/// which fences the expired holder. A rule made by hand that already admits the client serves the mount too and is
/// never denied by it. Snapshot mounts, leases without an IP client, on a protocol that takes no ip rules, or on a backend whose driver
/// has no access support are recorded only.
/// </summary>
public sealed class RuleMountAccess(MountRuleWriter writer, LeaseTable table, BackendRegistry backends) : IMountAccess
{
    public const string GrantingState = "granting";
    public const string ActiveState = "active";
    public const string UserRuleState = "user_rule";
    public const string WithdrawnState = "withdrawn";

    /// <summary>Tries when the client's previous rule is still on its way out (each waits for one access sync).</summary>
    private const int MaxAttempts = 20;

    private readonly Lock _lock = new();
    private readonly Dictionary<(string ShareId, string Client), MountRule> _rules = [];

    public string Granting => GrantingState;

    // The lease's end is written as withdrawn with the lease; the deny is queued right after, and a restart that
    // finds a mount's rule no active lease names denies it then.
    public string Withdrawing => WithdrawnState;

    public void Prepare(MountLease lease)
    {
        if (!UsesRule(lease))
        {
            return;
        }

        lock (_lock)
        {
            if (_rules.TryGetValue((lease.ShareId, lease.Client), out var rule) && rule.Leases.Count > 0
                && rule.Outcome is { Kind: RuleOutcomeKind.Granted } outcome
                && (outcome.MountMade ? outcome.Level == lease.AccessLevel : Covers(outcome.Level, lease.AccessLevel)))
            {
                rule.Leases.Add(lease.Id);
                lease.AccessRuleId = outcome.RuleId;
                lease.Access = outcome.MountMade ? ActiveState : UserRuleState;
            }
        }
    }

    public async Task<string> GrantAsync(MountLease lease, CancellationToken cancellationToken)
    {
        if (!UsesRule(lease))
        {
            return RecordedMountAccess.Recorded;
        }

        if (lease.AccessRuleId is not null && lease.Access != GrantingState)
        {
            return lease.Access;
        }

        var key = (lease.ShareId, lease.Client);
        for (var attempt = 1; ; attempt++)
        {
            MountRule rule;
            lock (_lock)
            {
                if (!_rules.TryGetValue(key, out rule!))
                {
                    rule = new MountRule(key, lease.AccessLevel);
                    _rules[key] = rule;
                    rule.Ready = SettleAsync(rule, writer.GrantAsync(lease.ShareId, lease.Client, lease.AccessLevel));
                }
                else if (rule.Outcome is { MountMade: true } made ? made.Level != lease.AccessLevel : rule.Outcome is null && rule.Level != lease.AccessLevel)
                {
                    throw LevelConflict(lease, rule.Outcome?.Level ?? rule.Level, mountMade: true);
                }

                rule.Leases.Add(lease.Id);
            }

            RuleOutcome outcome;
            try
            {
                outcome = await rule.Ready.WaitAsync(cancellationToken);
            }
            catch
            {
                Leave(rule, lease.Id);
                throw;
            }

            if (outcome.Kind == RuleOutcomeKind.Granted && (outcome.MountMade ? outcome.Level == lease.AccessLevel : Covers(outcome.Level, lease.AccessLevel)))
            {
                lease.AccessRuleId = outcome.RuleId;
                return outcome.MountMade ? ActiveState : UserRuleState;
            }

            Leave(rule, lease.Id);
            switch (outcome.Kind)
            {
                case RuleOutcomeKind.Granted:
                    throw LevelConflict(lease, outcome.Level, outcome.MountMade);
                case RuleOutcomeKind.BeingRemoved when attempt < MaxAttempts:
                    await Task.WhenAll(outcome.Instances.Select(i => writer.SettledAsync(i, cancellationToken)));
                    continue;
                case RuleOutcomeKind.BeingRemoved:
                    throw new ServiceUnavailableException($"Client {lease.Client}'s previous access rule on share {lease.ShareId} ({outcome.RuleId}) is still being removed; try again.");
                default:
                    throw outcome.Error ?? new ServiceUnavailableException($"Access for client {lease.Client} could not be granted.");
            }
        }
    }

    public async Task<IReadOnlyList<string>> WithdrawAsync(IReadOnlyList<MountLease> leases, CancellationToken cancellationToken)
    {
        var states = new string[leases.Count];
        var cold = new List<(int Index, Task<RuleOutcome> Deny)>();
        var denies = new List<Task<RuleOutcome>>();
        lock (_lock)
        {
            for (var i = 0; i < leases.Count; i++)
            {
                var lease = leases[i];
                states[i] = WithdrawnState;
                if (lease.AccessRuleId is not { } ruleId)
                {
                    continue;
                }

                var key = (lease.ShareId, lease.Client);
                if (_rules.TryGetValue(key, out var rule) && rule.Outcome?.RuleId == ruleId)
                {
                    states[i] = rule.Outcome.MountMade ? WithdrawnState : UserRuleState;
                    if (LeaveLocked(rule, lease.Id) is { } deny)
                    {
                        denies.Add(deny);
                    }
                }
                else
                {
                    // A lease adopted after a restart: whether its rule is still used is the database's (and memory's) to say.
                    cold.Add((i, writer.DenyIfUnusedAsync(ruleId, () => IsHeld(key, ruleId))));
                }
            }
        }

        await Task.WhenAll(denies.Concat(cold.Select(c => c.Deny)));
        foreach (var (index, deny) in cold)
        {
            states[index] = deny.Result.MountMade ? WithdrawnState : UserRuleState;
        }

        return states;
    }

    /// <summary>
    /// Queues the deny of rules a mount made that no active lease names (found when this process takes a backend);
    /// the writer checks again in its transaction that no lease, in the database or in memory, uses each one.
    /// Not awaited: the writer may not have started yet when a backend is taken at start.
    /// </summary>
    public IReadOnlyList<Task<RuleOutcome>> DenyOrphans(IEnumerable<OrphanRule> orphans) =>
        orphans.Select(o => writer.DenyIfUnusedAsync(o.RuleId, () => IsHeld((o.ShareId, o.Client), o.RuleId))).ToList();

    private bool UsesRule(MountLease lease) =>
        lease.SnapshotId is null
        && backends.Find(lease.Backend)?.Driver is IAccessDriver
        && IPAddress.TryParse(lease.Client, out _)
        && (!AccessRuleValidation.TypesByProtocol.TryGetValue(lease.Protocol, out var types) || types.Contains("ip"));

    /// <summary>An rw rule admits an ro mount; an ro rule only ro.</summary>
    private static bool Covers(string ruleLevel, string leaseLevel) => ruleLevel == LeaseStates.ReadWrite || ruleLevel == leaseLevel;

    private static ConflictException LevelConflict(MountLease lease, string ruleLevel, bool mountMade) => new(mountMade
        ? $"Client {lease.Client} holds {ruleLevel} mounts of share {lease.ShareId}, admitted by one {ruleLevel} access rule; an {lease.AccessLevel} mount from it must wait until they are released or expire."
        : $"Share {lease.ShareId} has an access rule made by hand admitting client {lease.Client} {ruleLevel} only; an {lease.AccessLevel} mount from it needs that rule changed or denied.");

    /// <summary>Records what the writer answered: a failed or retried rule is forgotten (a failed one the mount made is denied).</summary>
    private async Task<RuleOutcome> SettleAsync(MountRule rule, Task<RuleOutcome> written)
    {
        var outcome = await written;
        lock (_lock)
        {
            rule.Outcome = outcome;
            if (outcome.Kind != RuleOutcomeKind.Granted)
            {
                Forget(rule);
                if (outcome is { Kind: RuleOutcomeKind.Failed, MountMade: true, RuleId: { } made })
                {
                    _ = writer.DenyAsync(made);
                }

                return outcome;
            }

            // Leases adopted after a restart that already use the rule (those that ended meanwhile no longer count).
            rule.Leases.UnionWith(outcome.Linked.Where(id => table.FindLive(id) is not null));
            if (rule.Leases.Count == 0)
            {
                _ = LeaveLocked(rule, null);
            }
        }

        return outcome;
    }

    private void Leave(MountRule rule, string leaseId)
    {
        lock (_lock)
        {
            _ = LeaveLocked(rule, leaseId);
        }
    }

    /// <summary>The lease no longer uses the rule; when it was the last, the rule is forgotten and (a mount's) denied, in queue order.</summary>
    private Task<RuleOutcome>? LeaveLocked(MountRule rule, string? leaseId)
    {
        if (leaseId is not null)
        {
            rule.Leases.Remove(leaseId);
        }

        if (rule.Leases.Count > 0 || rule.Outcome is not { Kind: RuleOutcomeKind.Granted } outcome)
        {
            return null;
        }

        Forget(rule);
        return outcome.MountMade && outcome.RuleId is { } ruleId ? writer.DenyAsync(ruleId) : null;
    }

    private void Forget(MountRule rule)
    {
        if (_rules.TryGetValue(rule.Key, out var current) && ReferenceEquals(current, rule))
        {
            _rules.Remove(rule.Key);
        }
    }

    private bool IsHeld((string, string) key, string ruleId)
    {
        lock (_lock)
        {
            if (!_rules.TryGetValue(key, out var rule) || rule.Leases.Count == 0)
            {
                return false;
            }

            return rule.Outcome?.RuleId is not { } id || id == ruleId;
        }
    }

    /// <summary>A client's rule on a share as this process knows it: the live leases using it, and the writer's answer once it came.</summary>
    private sealed class MountRule((string ShareId, string Client) key, string level)
    {
        public (string ShareId, string Client) Key { get; } = key;

        /// <summary>The level the first mount asked for (before the writer answers).</summary>
        public string Level { get; } = level;

        public HashSet<string> Leases { get; } = new(StringComparer.Ordinal);

        public Task<RuleOutcome> Ready { get; set; } = null!;

        public RuleOutcome? Outcome { get; set; }
    }
}
