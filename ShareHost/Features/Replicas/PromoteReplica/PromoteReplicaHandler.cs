using ShareHost.Abstractions;
using ShareHost.Features.AccessRules;
using ShareHost.Features.Backends;
using ShareHost.Features.Messages;
using ShareHost.Features.Operations;
using ShareHost.Features.Shares;

namespace ShareHost.Features.Replicas.PromoteReplica;

/// <summary>
/// Promotes a replica through ITS OWN backend's driver (the old active one may be unreachable), then in one transaction:
/// it becomes the share's primary instance (mounts bind to it from now on) and <c>active</c>; every other replica takes
/// the state the driver reported, the old active one defaulting to <c>out_of_sync</c> (<c>error</c> when its backend
/// was unreachable); every replica's access rules are sent again at the level its new role asks for. Then the share's
/// live mounts end (released, their clients' access withdrawn): they were bound to the old active replica's backend and
/// address, and an rw mount there would now write to a replica. Clients mount again for an address on the new one.
/// A driver failure leaves every replica in <c>error</c> with a user message, as Manila does: what the backend did is unknown.
/// </summary>
public sealed class PromoteReplicaHandler(
    ReplicaDrivers drivers,
    ShareOperationSupport support,
    MessageRepository messages,
    AccessRuleService access,
    IServiceProvider services,
    ILogger<PromoteReplicaHandler> logger) : IOperationHandler
{
    private static readonly string[] Changing = [ShareStatus.ReplicationChange];

    public string Kind => PromoteReplicaService.OperationKind;

    public async Task RunAsync(Operation operation, CancellationToken cancellationToken)
    {
        var set = await drivers.LoadAsync(operation.ShareId, cancellationToken);
        var row = set?.Rows.FirstOrDefault(r => r.Id == operation.ResourceId);
        if (set is null || row is null || row.Status != ShareStatus.ReplicationChange)
        {
            await support.AbandonAsync(operation, cancellationToken);
            return;
        }

        IReadOnlyList<ReplicaResult> results;
        try
        {
            results = await drivers.CallAsync(row.Backend, "PromoteReplica", (driver, ct) => driver.PromoteReplicaAsync(set.Request(row.Id), ct), cancellationToken);
        }
        catch (DriverCallException e)
        {
            await FailAsync(operation, e.UserMessage, cancellationToken);
            return;
        }

        var reported = results.Where(r => r.ReplicaId != row.Id).ToDictionary(r => r.ReplicaId, StringComparer.Ordinal);
        var promoted = results.FirstOrDefault(r => r.ReplicaId == row.Id);
        var placed = set.Rows.Where(r => r.Backend is not null).Select(r => r.Id).ToList();
        var done = false;
        await support.CompleteAsync(operation, async (connection, transaction) =>
        {
            if (!await ShareRepository.TransitionAsync(connection, transaction, row.Id, Changing, ShareStatus.Available, cancellationToken))
            {
                return;
            }

            done = true;
            await ReplicaRepository.MakePrimaryAsync(connection, transaction, set.Share.Id, row.Id, cancellationToken);
            if (promoted?.ExportLocations is { } promotedExports)
            {
                await ShareRepository.ReplaceExportLocationsAsync(connection, transaction, row.Id, promotedExports, cancellationToken);
            }

            foreach (var other in set.Rows.Where(r => r.Id != row.Id))
            {
                var wasActive = other.ReplicaState == ReplicaStates.Active;
                var state = reported.TryGetValue(other.Id, out var result)
                    ? ReplicaDrivers.State(result.State)
                    : wasActive ? (set.Replicas.FirstOrDefault(r => r.Share.Id == other.Id)?.Reachable == false ? ReplicaStates.Error : ReplicaStates.OutOfSync) : null;
                if (state is not null)
                {
                    await ReplicaRepository.SetStateAsync(connection, transaction, other.Id, state, cancellationToken);
                }

                if (result?.ExportLocations is { } exports)
                {
                    await ShareRepository.ReplaceExportLocationsAsync(connection, transaction, other.Id, exports, cancellationToken);
                }

                if (result?.Message is { } message && state is ReplicaStates.Error or ReplicaStates.OutOfSync)
                {
                    await messages.RecordAsync(connection, transaction, other.ProjectId, operation.RequestId, ResourceTypes.Replica, other.Id,
                        MessageCatalog.Action.Promote, MessageCatalog.Detail.Unknown, message, cancellationToken);
                }
            }

            await AccessRuleService.ReapplyAsync(connection, transaction, placed, cancellationToken);
        }, cancellationToken);

        if (done)
        {
            foreach (var id in placed)
            {
                access.RequestSync(id);
            }

            // Not awaited: the leases end at once, but withdrawing their clients' access syncs the share's rules,
            // which waits for this operation to be over.
            _ = EndMountsAsync(set.Share);
        }
    }

    /// <summary>
    /// Ends the mounts this process holds on the share (leases held by another process end at their next renewal,
    /// which finds the share on another instance). Mounts still being granted are refused where their lease is written.
    /// </summary>
    private async Task EndMountsAsync(ShareRecord share)
    {
        try
        {
            // Resolved here, not injected: the mounts feature's access withdrawal depends on the operation runner,
            // which depends on every operation handler, this one included.
            var ended = await services.GetRequiredService<IShareMounts>().EndAsync(share, CancellationToken.None);
            if (ended > 0)
            {
                logger.LogInformation("Share {Share}: promotion ended {Count} live mount(s) bound to the old active replica", share.Id, ended);
            }
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Ending the live mounts of share {Share} after its promotion failed; they end at their next renewal or expire", share.Id);
        }
    }

    public Task FailAsync(Operation operation, string userMessage, CancellationToken cancellationToken) =>
        support.CompleteAsync(operation, async (connection, transaction) =>
        {
            var rows = await ReplicaRepository.ForShareAsync(connection, transaction, operation.ShareId, cancellationToken);
            foreach (var replica in rows.Where(r => r.Status is ShareStatus.Available or ShareStatus.ReplicationChange))
            {
                await ShareRepository.TransitionAsync(connection, transaction, replica.Id, [replica.Status], ShareStatus.Error, cancellationToken);
                await messages.RecordAsync(connection, transaction, replica.ProjectId, operation.RequestId, ResourceTypes.Replica, replica.Id,
                    MessageCatalog.Action.Promote, MessageCatalog.Detail.Unknown, userMessage, cancellationToken);
            }
        }, cancellationToken);
}
