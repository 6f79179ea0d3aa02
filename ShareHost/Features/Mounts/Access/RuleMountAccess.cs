using System.Net;
using ShareHost.Api.Errors;
using ShareHost.Features.AccessRules;
using ShareHost.Features.Mounts.Leases;

namespace ShareHost.Features.Mounts.Access;

/// <summary>
/// Mount access through the access machinery: a live lease is backed by an <c>ip</c> rule for its client at the
/// lease's level, on the share (a share mount) or on the snapshot (a snapshot mount, read-only), as its
/// <see cref="IMountRuleStore"/> keeps them. Every live lease of that client on that share or snapshot uses the same
/// rule; the mount that finds none makes one (marked as a mount's) and answers once the driver applied it; the end of
/// the last lease using it denies it, which fences the expired holder. A rule made by hand that already admits the
/// client serves the mount too and is never denied by it. Leases without an IP client, on a protocol that takes no ip
/// rules, or on a backend whose driver has no (snapshot) access support are recorded only.
/// </summary>
public sealed class RuleMountAccess(MountRuleWriter writer, LeaseTable table, ShareMountRules shareRules, SnapshotMountRules snapshotRules) : IMountAccess
{
    public const string GrantingState = "granting";
    public const string ActiveState = "active";
    public const string UserRuleState = "user_rule";
    public const string WithdrawnState = "withdrawn";

    /// <summary>Tries when the client's previous rule is still on its way out (each waits for one access sync).</summary>
    private const int MaxAttempts = 20;

    private readonly Lock _lock = new();
    private readonly Dictionary<(string TargetId, string Client), MountRule> _rules = [];

    private readonly IReadOnlyList<IMountRuleStore> _stores = [shareRules, snapshotRules];

    /// <summary>Every store of mount rules (for the sweep of rules a crash left behind).</summary>
    public IReadOnlyList<IMountRuleStore> Stores => _stores;

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
            if (_rules.TryGetValue(KeyOf(lease), out var rule) && rule.Leases.Count > 0
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

        var store = StoreOf(lease);
        var key = KeyOf(lease);
        for (var attempt = 1; ; attempt++)
        {
            MountRule rule;
            lock (_lock)
            {
                if (!_rules.TryGetValue(key, out rule!))
                {
                    rule = new MountRule(key, store, lease.AccessLevel);
                    _rules[key] = rule;
                    rule.Ready = SettleAsync(rule, writer.GrantAsync(store, key.TargetId, lease.Client, lease.AccessLevel));
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
                    await Task.WhenAll(outcome.Instances.Select(i => store.SyncAsync(i, cancellationToken)));
                    continue;
                case RuleOutcomeKind.BeingRemoved:
                    throw new ServiceUnavailableException($"Client {lease.Client}'s previous access rule on {store.Noun} {key.TargetId} ({outcome.RuleId}) is still being removed; try again.");
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

                var key = KeyOf(lease);
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
                    cold.Add((i, writer.DenyIfUnusedAsync(StoreOf(lease), ruleId, () => IsHeld(key, ruleId))));
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
    public IReadOnlyList<Task<RuleOutcome>> DenyOrphans(IMountRuleStore store, IEnumerable<OrphanRule> orphans) =>
        orphans.Select(o => writer.DenyIfUnusedAsync(store, o.RuleId, () => IsHeld((o.TargetId, o.Client), o.RuleId))).ToList();

    private bool UsesRule(MountLease lease) =>
        IPAddress.IsValid(lease.Client)
        && (!AccessRuleValidation.TypesByProtocol.TryGetValue(lease.Protocol, out var types) || types.Contains("ip"))
        && StoreOf(lease).Admits(lease);

    private IMountRuleStore StoreOf(MountLease lease)
    {
        foreach (var store in _stores)
        {
            if (store.Owns(lease))
            {
                return store;
            }
        }

        throw new InvalidOperationException($"No mount rule store owns lease {lease.Id}.");
    }

    /// <summary>A client's rule is found by the share or snapshot it is on (ids never collide) and the client.</summary>
    private (string TargetId, string Client) KeyOf(MountLease lease) => (StoreOf(lease).TargetOf(lease), lease.Client);

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
                    _ = writer.DenyAsync(rule.Store, made);
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
        return outcome.MountMade && outcome.RuleId is { } ruleId ? writer.DenyAsync(rule.Store, ruleId) : null;
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

    /// <summary>A client's rule on a share or snapshot as this process knows it: the live leases using it, and the writer's answer once it came.</summary>
    private sealed class MountRule((string TargetId, string Client) key, IMountRuleStore store, string level)
    {
        public (string TargetId, string Client) Key { get; } = key;

        public IMountRuleStore Store { get; } = store;

        /// <summary>The level the first mount asked for (before the writer answers).</summary>
        public string Level { get; } = level;

        public HashSet<string> Leases { get; } = new(StringComparer.Ordinal);

        public Task<RuleOutcome> Ready { get; set; } = null!;

        public RuleOutcome? Outcome { get; set; }
    }
}
