using System.Data.Common;
using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using ShareHost.Api.Errors;
using ShareHost.Features.AccessRules;
using ShareHost.Features.AccessRules.Sync;
using ShareHost.Persistence;

namespace ShareHost.Features.Mounts.Access;

/// <summary>
/// Group commit for the access rules mounts make and withdraw, of every <see cref="IMountRuleStore"/>: grants and
/// denies queue up, one loop writes whatever has gathered in one transaction (denies first, so a client mounting again
/// right after its last lease ended finds its old rule on the way out, never adopts it), asks each store to send the
/// changes to the driver, and answers each grant once the driver has applied (or refused) its rule. Queue order is the
/// order rules change in.
/// </summary>
public sealed class MountRuleWriter(
    SqliteConnectionFactory connections,
    IOptionsMonitor<MountOptions> options,
    ILogger<MountRuleWriter> logger) : BackgroundService
{
    private const int MaxBatch = 2048;

    private readonly Channel<RuleWrite> _queue = Channel.CreateUnbounded<RuleWrite>(new UnboundedChannelOptions { SingleReader = true });

    /// <summary>Finds or makes the target's ip rule for the client and answers once the driver applied it.</summary>
    public Task<RuleOutcome> GrantAsync(IMountRuleStore store, string targetId, string client, string level) =>
        Enqueue(new GrantWrite(store, targetId, client, level));

    /// <summary>Denies a rule a mount made whose last live lease ended (the caller knows it is unused).</summary>
    public Task<RuleOutcome> DenyAsync(IMountRuleStore store, string ruleId) => Enqueue(new DenyWrite(store, ruleId, null));

    /// <summary>
    /// Denies a rule if a mount made it, no active lease names it, and <paramref name="held"/> says no lease in memory
    /// uses it (leases adopted after a restart, whose rule this process has not seen yet). Answers whether a mount made it.
    /// </summary>
    public Task<RuleOutcome> DenyIfUnusedAsync(IMountRuleStore store, string ruleId, Func<bool> held) => Enqueue(new DenyWrite(store, ruleId, held));

    public override Task StopAsync(CancellationToken cancellationToken)
    {
        _queue.Writer.TryComplete();
        return base.StopAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<RuleWrite>();
        while (await _queue.Reader.WaitToReadAsync(CancellationToken.None))
        {
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var write))
            {
                batch.Add(write);
            }

            try
            {
                await CommitAsync(batch, stoppingToken);
            }
            catch (Exception e)
            {
                logger.LogError(e, "Writing {Count} mount access changes failed", batch.Count);
                foreach (var write in batch)
                {
                    write.Completion.TrySetResult(RuleOutcome.Failed(new ServiceUnavailableException("The client's access rule could not be recorded; nothing was granted. Try again.")));
                }
            }

            batch.Clear();
        }
    }

    private Task<RuleOutcome> Enqueue(RuleWrite write) =>
        _queue.Writer.TryWrite(write) ? write.Completion.Task : Task.FromResult(RuleOutcome.Failed(new ServiceUnavailableException("ShareHost is stopping.")));

    private async Task CommitAsync(List<RuleWrite> batch, CancellationToken stoppingToken)
    {
        var pending = new List<(GrantWrite Write, RuleOutcome Outcome, IReadOnlyList<string> Instances)>();
        var answers = new List<(RuleWrite Write, RuleOutcome Outcome)>();
        var syncs = new List<Action>();
        await using (var connection = await connections.OpenAsync(CancellationToken.None))
        await using (var transaction = await SqliteConnectionFactory.BeginWriteAsync(connection, CancellationToken.None))
        {
            foreach (var writes in batch.GroupBy(w => w.Store))
            {
                var store = writes.Key;
                var touched = new HashSet<string>(StringComparer.Ordinal);
                var denies = await DenialsAsync(connection, transaction, store, writes.OfType<DenyWrite>().ToList(), answers);
                touched.UnionWith(await store.QueueDenyAsync(connection, transaction, denies));
                var stuck = new List<string>();
                foreach (var target in writes.OfType<GrantWrite>().GroupBy(g => g.TargetId, StringComparer.Ordinal))
                {
                    await GrantOnTargetAsync(connection, transaction, store, target.Key, target.ToList(), answers, pending, touched, stuck);
                }

                touched.UnionWith(await store.QueueDenyAsync(connection, transaction, stuck));
                if (touched.Count > 0)
                {
                    syncs.Add(await store.QueueSyncAsync(connection, transaction, touched));
                }
            }

            await transaction.CommitAsync(CancellationToken.None);
        }

        syncs.ForEach(sync => sync());

        foreach (var (write, outcome) in answers)
        {
            write.Completion.TrySetResult(outcome);
        }

        if (pending.Count > 0)
        {
            _ = WaitAppliedAsync(pending, stoppingToken);
        }
    }

    /// <summary>Which denies go ahead: explicit ones always, conditional ones when the rule is a mount's and nothing uses it.</summary>
    private static async Task<List<string>> DenialsAsync(SqliteConnection connection, DbTransaction transaction, IMountRuleStore store,
        List<DenyWrite> writes, List<(RuleWrite, RuleOutcome)> answers)
    {
        var ids = writes.Select(w => w.RuleId).Distinct(StringComparer.Ordinal).ToList();
        var usage = ids.Count == 0 ? [] : (await store.UsageAsync(connection, transaction, ids)).ToDictionary(u => u.Id, StringComparer.Ordinal);
        var denies = new List<string>();
        foreach (var write in writes)
        {
            var found = usage.TryGetValue(write.RuleId, out var use);
            var deny = found && (write.Held is null || (use.MountMade && !use.Used && !write.Held()));
            if (deny)
            {
                denies.Add(write.RuleId);
            }

            answers.Add((write, new RuleOutcome(RuleOutcomeKind.Granted, write.RuleId, "", !found || use.MountMade, [], null)));
        }

        return denies;
    }

    private static async Task GrantOnTargetAsync(SqliteConnection connection, DbTransaction transaction, IMountRuleStore store, string targetId,
        List<GrantWrite> grants, List<(RuleWrite, RuleOutcome)> answers, List<(GrantWrite, RuleOutcome, IReadOnlyList<string>)> pending,
        HashSet<string> touched, List<string> stuck)
    {
        var instances = await store.SyncTargetsAsync(connection, transaction, targetId);
        if (instances.Count == 0)
        {
            answers.AddRange(grants.Select(g => ((RuleWrite)g, RuleOutcome.Failed(new NotFoundException($"{Title(store)} {targetId} could not be found.")))));
            return;
        }

        var existing = (await store.RulesForAsync(connection, transaction, targetId, grants.Select(g => g.Client)))
            .ToDictionary(r => r.AccessTo, StringComparer.Ordinal);
        var linked = await MountAccessRepository.LinkedAsync(connection, transaction, existing.Values.Where(r => r.MountMade).Select(r => r.Id).ToList());
        var room = await store.RoomAsync(connection, transaction, targetId);
        var added = new List<MadeRule>();
        foreach (var grant in grants)
        {
            if (existing.TryGetValue(grant.Client, out var rule))
            {
                var outcome = new RuleOutcome(RuleOutcomeKind.Granted, rule.Id, rule.AccessLevel, rule.MountMade, [.. linked[rule.Id]], null);
                switch (rule.State)
                {
                    case AccessRuleState.QueuedToDeny or AccessRuleState.Denying:
                        answers.Add((grant, outcome with { Kind = RuleOutcomeKind.BeingRemoved, Instances = instances }));
                        break;
                    case AccessRuleState.Error when rule.MountMade && !linked[rule.Id].Any():
                        // A mount's rule left in error by an earlier refusal: take it away and make it again.
                        stuck.Add(rule.Id);
                        answers.Add((grant, outcome with { Kind = RuleOutcomeKind.BeingRemoved, Instances = instances }));
                        break;
                    case AccessRuleState.Error:
                        answers.Add((grant, RuleOutcome.Failed(new ConflictException(
                            $"{Title(store)} {targetId}'s access rule {rule.Id} for ip:{grant.Client} is in error; deny it (or fix it) before mounting from this client."))));
                        break;
                    case AccessRuleState.Active:
                        answers.Add((grant, outcome));
                        break;
                    default:
                        pending.Add((grant, outcome, instances));
                        break;
                }

                continue;
            }

            if (added.Count >= room)
            {
                answers.Add((grant, RuleOutcome.Failed(store.Full(targetId, grant.Client))));
                continue;
            }

            var made = new MadeRule(Guid.NewGuid().ToString(), grant.Client, grant.Level);
            added.Add(made);
            existing[grant.Client] = new ExistingRule { Id = made.Id, AccessTo = made.Client, AccessLevel = made.Level, MountMade = true, States = AccessRuleState.QueuedToApply };
            pending.Add((grant, new RuleOutcome(RuleOutcomeKind.Granted, made.Id, made.Level, true, [], null), instances));
        }

        if (added.Count > 0)
        {
            await store.InsertAsync(connection, transaction, targetId, added, instances);
            touched.UnionWith(instances);
        }
    }

    /// <summary>The store's noun at the start of a sentence: <c>Share</c>, <c>Snapshot</c>.</summary>
    private static string Title(IMountRuleStore store) => char.ToUpperInvariant(store.Noun[0]) + store.Noun[1..];

    /// <summary>Answers grants once their rules are applied on every instance, refused, or out of time (the caller then lets the rule go).</summary>
    private async Task WaitAppliedAsync(List<(GrantWrite Write, RuleOutcome Outcome, IReadOnlyList<string> Instances)> pending, CancellationToken stoppingToken)
    {
        try
        {
            var timeout = TimeSpan.FromSeconds(Math.Max(1, options.CurrentValue.AccessTimeoutSeconds));
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            deadline.CancelAfter(timeout);
            var instances = pending.SelectMany(p => p.Instances.Select(i => (p.Write.Store, Instance: i))).Distinct().ToList();
            while (pending.Count > 0)
            {
                try
                {
                    var results = await Task.WhenAll(instances.Select(i => i.Store.SyncAsync(i.Instance, deadline.Token)));
                    if (results.Contains(AccessSyncResult.Waiting))
                    {
                        await Task.Delay(100, deadline.Token);
                    }
                }
                catch (OperationCanceledException)
                {
                    Answer(pending, p => RuleOutcome.Failed(new ServiceUnavailableException(
                        $"The backend did not apply access rule {p.Outcome.RuleId} for ip:{p.Write.Client} within {timeout.TotalSeconds:0} s; the mount was undone."), p.Outcome));
                    return;
                }

                var states = new Dictionary<string, string>(StringComparer.Ordinal);
                await using (var connection = await connections.OpenAsync(CancellationToken.None))
                {
                    foreach (var waiting in pending.GroupBy(p => p.Write.Store))
                    {
                        foreach (var (id, state) in await waiting.Key.StatesAsync(connection, waiting.Select(p => p.Outcome.RuleId!).ToList()))
                        {
                            states[id] = state;
                        }
                    }
                }

                pending = Answer(pending, p => states.GetValueOrDefault(p.Outcome.RuleId!) switch
                {
                    AccessRuleState.Active => p.Outcome,
                    AccessRuleState.QueuedToApply or AccessRuleState.Applying => null,
                    AccessRuleState.Error => RuleOutcome.Failed(new ConflictException(
                        $"The backend refused access for client {p.Write.Client} (access rule {p.Outcome.RuleId}, ip:{p.Write.Client} {p.Write.Level}); the mount was undone. The {p.Write.Store.Noun}'s user messages say why."), p.Outcome),
                    var gone => RuleOutcome.Failed(new ConflictException(
                        $"Access rule {p.Outcome.RuleId} for client {p.Write.Client} was {(gone is null ? "removed" : "denied")} while the mount waited for it; the mount was undone."), p.Outcome),
                });
            }
        }
        catch (Exception e)
        {
            logger.LogError(e, "Waiting for mount access rules to apply failed");
            Answer(pending, p => RuleOutcome.Failed(new ServiceUnavailableException("Whether the client's access was applied could not be read; the mount was undone."), p.Outcome));
        }
    }

    /// <summary>Completes the writes <paramref name="answer"/> has an outcome for; the rest are still waiting.</summary>
    private static List<(GrantWrite Write, RuleOutcome Outcome, IReadOnlyList<string> Instances)> Answer(
        List<(GrantWrite Write, RuleOutcome Outcome, IReadOnlyList<string> Instances)> pending,
        Func<(GrantWrite Write, RuleOutcome Outcome, IReadOnlyList<string> Instances), RuleOutcome?> answer)
    {
        var waiting = new List<(GrantWrite, RuleOutcome, IReadOnlyList<string>)>();
        foreach (var p in pending)
        {
            if (answer(p) is { } outcome)
            {
                p.Write.Completion.TrySetResult(outcome);
            }
            else
            {
                waiting.Add(p);
            }
        }

        return waiting;
    }

    private abstract record RuleWrite(IMountRuleStore Store)
    {
        public TaskCompletionSource<RuleOutcome> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private sealed record GrantWrite(IMountRuleStore Store, string TargetId, string Client, string Level) : RuleWrite(Store);

    private sealed record DenyWrite(IMountRuleStore Store, string RuleId, Func<bool>? Held) : RuleWrite(Store);
}

public enum RuleOutcomeKind
{
    /// <summary>The rule admits the client (applied on every instance).</summary>
    Granted,

    /// <summary>The client's rule is being removed; try again once the sync has run.</summary>
    BeingRemoved,

    /// <summary>No access: <see cref="RuleOutcome.Error"/> says why (a rule the mount made may exist and must be let go).</summary>
    Failed,
}

/// <summary>What became of a grant (or deny): the rule, its level, whether a mount made it, the active leases already naming it.</summary>
public sealed record RuleOutcome(RuleOutcomeKind Kind, string? RuleId, string Level, bool MountMade, IReadOnlyList<string> Linked, ApiException? Error)
{
    public IReadOnlyList<string> Instances { get; init; } = [];

    public static RuleOutcome Failed(ApiException error, RuleOutcome? made = null) =>
        new(RuleOutcomeKind.Failed, made?.RuleId, made?.Level ?? "", made?.MountMade ?? false, [], error);
}
