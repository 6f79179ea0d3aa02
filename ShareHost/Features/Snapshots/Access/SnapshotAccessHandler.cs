using ShareHost.Abstractions;
using ShareHost.Features.Backends;
using ShareHost.Features.Messages;
using ShareHost.Features.Operations;
using ShareHost.Features.Shares;
using ShareHost.Persistence;
using static ShareHost.Features.Snapshots.Access.SnapshotAccessRepository;

namespace ShareHost.Features.Snapshots.Access;

/// <summary>
/// Brings a snapshot's exports in line with its rules through <see cref="ISnapshotAccessDriver"/>: queued rules go
/// applying/denying, the driver gets every rule it should admit (always <c>ro</c>) plus the difference, then applied
/// rules become active, removed ones disappear, failed ones go <c>error</c> with a user message. Rules queued while
/// the driver worked are picked up by another pass. Re-running after a crash repeats the in-flight pass.
/// </summary>
public sealed class SnapshotAccessHandler(
    SnapshotRepository snapshots,
    SnapshotAccessRepository rules,
    SnapshotDrivers drivers,
    SqliteConnectionFactory connections,
    ShareOperationSupport support,
    MessageRepository messages) : IOperationHandler
{
    public string Kind => SnapshotAccessService.OperationKind;

    public async Task RunAsync(Operation operation, CancellationToken cancellationToken)
    {
        var snapshot = await snapshots.FindByInstanceAsync(operation.ResourceId, cancellationToken);
        if (snapshot is null)
        {
            await support.AbandonAsync(operation, cancellationToken);
            return;
        }

        for (var pass = 0; pass < 10; pass++)
        {
            var current = await StartPassAsync(snapshot.Id, cancellationToken);
            var applying = current.Where(r => r.State == Applying).ToList();
            var denying = current.Where(r => r.State == Denying).ToList();
            if (applying.Count == 0 && denying.Count == 0)
            {
                await support.AbandonAsync(operation, cancellationToken);
                return;
            }

            IReadOnlyList<AccessRuleResult> results;
            try
            {
                var (backend, driverSnapshot) = await drivers.ResolveAsync(snapshot, cancellationToken);
                var update = new SnapshotAccessUpdate
                {
                    Snapshot = driverSnapshot,
                    Rules = current.Where(r => r.State is Applying or Active).Select(Driver).ToList(),
                    AddRules = applying.Select(Driver).ToList(),
                    DeleteRules = denying.Select(Driver).ToList(),
                };
                results = await drivers.CallAsync<ISnapshotAccessDriver, IReadOnlyList<AccessRuleResult>>(backend, snapshot.Backend ?? "",
                    "UpdateSnapshotAccess", (driver, ct) => driver.UpdateSnapshotAccessAsync(update, ct), cancellationToken);
            }
            catch (DriverCallException e)
            {
                await FinishWithErrorsAsync(operation, snapshot, [.. applying, .. denying], e.UserMessage, cancellationToken);
                return;
            }

            if (await RecordPassAsync(operation, snapshot, applying, denying, results, cancellationToken))
            {
                return;
            }
        }

        // Rules keep arriving faster than passes finish: end here; the operations recorded for them run next.
        await support.AbandonAsync(operation, cancellationToken);
    }

    public async Task FailAsync(Operation operation, string userMessage, CancellationToken cancellationToken)
    {
        var snapshot = await snapshots.FindByInstanceAsync(operation.ResourceId, cancellationToken);
        if (snapshot is null)
        {
            await support.AbandonAsync(operation, cancellationToken);
            return;
        }

        var inFlight = (await rules.ListAsync(snapshot.Id, cancellationToken))
            .Where(r => r.State is Applying or Denying).ToList();
        await FinishWithErrorsAsync(operation, snapshot, inFlight, userMessage, cancellationToken);
    }

    /// <summary>Queued rules become applying or denying; returns every rule of the snapshot.</summary>
    private async Task<IReadOnlyList<SnapshotAccessRule>> StartPassAsync(string snapshotId, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var transaction = await SqliteConnectionFactory.BeginWriteAsync(connection, cancellationToken);
        await MoveAsync(connection, transaction, snapshotId, QueuedToApply, Applying, cancellationToken);
        await MoveAsync(connection, transaction, snapshotId, QueuedToDeny, Denying, cancellationToken);
        var all = await SnapshotAccessRepository.ListAsync(connection, transaction, snapshotId, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return all;
    }

    /// <summary>Writes the pass's outcome; ends the operation (true) unless new rules were queued meanwhile.</summary>
    private async Task<bool> RecordPassAsync(Operation operation, SnapshotRecord snapshot, IReadOnlyList<SnapshotAccessRule> applying,
        IReadOnlyList<SnapshotAccessRule> denying, IReadOnlyList<AccessRuleResult> results, CancellationToken cancellationToken)
    {
        var failed = results.Where(r => r.Outcome == AccessRuleOutcome.Error).ToDictionary(r => r.RuleId, r => r.Message);
        var finished = false;
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var transaction = await SqliteConnectionFactory.BeginWriteAsync(connection, cancellationToken);
        foreach (var rule in applying)
        {
            await TransitionAsync(connection, transaction, rule.Id, [Applying], failed.ContainsKey(rule.Id) ? Error : Active, cancellationToken);
        }

        foreach (var rule in denying)
        {
            if (failed.ContainsKey(rule.Id))
            {
                await TransitionAsync(connection, transaction, rule.Id, [Denying], Error, cancellationToken);
            }
            else
            {
                await RemoveAsync(connection, transaction, rule.Id, cancellationToken);
            }
        }

        foreach (var (ruleId, message) in failed)
        {
            var rule = applying.Concat(denying).FirstOrDefault(r => r.Id == ruleId);
            if (rule is not null)
            {
                await messages.RecordAsync(connection, transaction, snapshot.ProjectId, operation.RequestId, ResourceTypes.Snapshot, snapshot.Id,
                    MessageCatalog.Action.UpdateAccessRules, MessageCatalog.Detail.Unknown,
                    $"{rule.AccessType}:{rule.AccessTo}: {message ?? "the driver refused the rule"}", cancellationToken);
            }
        }

        var pending = (await SnapshotAccessRepository.ListAsync(connection, transaction, snapshot.Id, cancellationToken))
            .Any(r => r.State is QueuedToApply or QueuedToDeny);
        if (!pending)
        {
            await OperationRepository.DeleteAsync(connection, transaction, operation.Id, cancellationToken);
            finished = true;
        }

        await transaction.CommitAsync(cancellationToken);
        return finished;
    }

    private Task FinishWithErrorsAsync(Operation operation, SnapshotRecord snapshot, IReadOnlyList<SnapshotAccessRule> inFlight, string userMessage, CancellationToken cancellationToken) =>
        support.CompleteAsync(operation, async (connection, transaction) =>
        {
            foreach (var rule in inFlight)
            {
                await TransitionAsync(connection, transaction, rule.Id, [Applying, Denying], Error, cancellationToken);
            }

            await messages.RecordAsync(connection, transaction, snapshot.ProjectId, operation.RequestId, ResourceTypes.Snapshot, snapshot.Id,
                MessageCatalog.Action.UpdateAccessRules, MessageCatalog.Detail.Unknown, userMessage, cancellationToken);
        }, cancellationToken);

    private static DriverAccessRule Driver(SnapshotAccessRule rule) => new()
    {
        Id = rule.Id,
        AccessType = rule.AccessType,
        AccessTo = rule.AccessTo,
        AccessLevel = "ro",
    };
}
