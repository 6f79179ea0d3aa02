using ShareHost.Features.AccessRules;
using ShareHost.Features.Backends;
using ShareHost.Features.Messages;
using ShareHost.Features.Operations;
using ShareHost.Features.Shares;

using ShareHost.Features.Replicas.Snapshots;

namespace ShareHost.Features.Replicas.DeleteReplica;

/// <summary>
/// Deletes a replica: withdraws its access rules, asks the ACTIVE replica's driver to delete it, then removes its rows.
/// A failure leaves it <c>error_deleting</c> / <c>error</c> with a user message; a force-delete records the message and
/// removes the rows anyway.
/// </summary>
public sealed class DeleteReplicaHandler(
    ReplicaDrivers drivers,
    ShareOperationSupport support,
    MessageRepository messages,
    AccessRuleService access) : IOperationHandler
{
    private static readonly string[] Deleting = [ShareStatus.Deleting];

    public string Kind => DeleteReplicaService.OperationKind;

    public async Task RunAsync(Operation operation, CancellationToken cancellationToken)
    {
        var set = await drivers.LoadAsync(operation.ShareId, cancellationToken);
        var row = set?.Rows.FirstOrDefault(r => r.Id == operation.ResourceId);
        if (set is null || row is null || row.Status != ShareStatus.Deleting)
        {
            await support.AbandonAsync(operation, cancellationToken);
            return;
        }

        var force = operation.Read<DeleteReplicaPayload>().Force;
        string? failure = null;
        var failedAction = MessageCatalog.Action.Delete;
        if (row.Backend is not null)
        {
            if (await access.RemoveAllAsync(row.Id, cancellationToken) is { } accessFailure)
            {
                failure = accessFailure;
                failedAction = MessageCatalog.Action.DeleteAccessRules;
            }

            if (failure is null || force)
            {
                try
                {
                    var active = set.Active ?? throw new DriverCallException(
                        $"share {set.Share.Id} has no active replica", $"Share {set.Share.Id} has no active replica to delete the replica from.");
                    await drivers.CallAsync(active.Backend, "DeleteReplica", async (driver, ct) =>
                    {
                        await driver.DeleteReplicaAsync(set.Request(row.Id), ct);
                        return true;
                    }, cancellationToken);
                }
                catch (DriverCallException e) when (e.NotFound)
                {
                    // Already gone on the backend: that is what we wanted.
                }
                catch (DriverCallException e)
                {
                    failure = e.UserMessage;
                    failedAction = MessageCatalog.Action.Delete;
                }
            }
        }

        if (failure is not null && !force)
        {
            await support.CompleteAsync(operation, async (connection, transaction) =>
            {
                await ReplicaRepository.SettleAsync(connection, transaction, row.Id, Deleting, ShareStatus.ErrorDeleting, ReplicaStates.Error, cancellationToken);
                await messages.RecordAsync(connection, transaction, row.ProjectId, operation.RequestId, ResourceTypes.Replica, row.Id,
                    failedAction, MessageCatalog.Detail.Unknown, failure, cancellationToken);
            }, cancellationToken);
            return;
        }

        await support.CompleteAsync(operation, async (connection, transaction) =>
        {
            if (failure is not null)
            {
                await messages.RecordAsync(connection, transaction, row.ProjectId, operation.RequestId, ResourceTypes.Replica, row.Id,
                    failedAction, MessageCatalog.Detail.Unknown, $"force-deleted; a cleanup on the backend may be necessary: {failure}", cancellationToken);
            }

            await ReplicatedSnapshots.DeleteForReplicaAsync(connection, transaction, row.Id, cancellationToken);
            await ReplicaRepository.DeleteAsync(connection, transaction, row.Id, cancellationToken);
        }, cancellationToken);
    }

    public Task FailAsync(Operation operation, string userMessage, CancellationToken cancellationToken) =>
        support.CompleteAsync(operation, async (connection, transaction) =>
        {
            await ReplicaRepository.SettleAsync(connection, transaction, operation.ResourceId, Deleting, ShareStatus.ErrorDeleting, ReplicaStates.Error, cancellationToken);
            await messages.RecordAsync(connection, transaction, operation.ProjectId ?? "", operation.RequestId, ResourceTypes.Replica, operation.ResourceId,
                MessageCatalog.Action.Delete, MessageCatalog.Detail.Unknown, userMessage, cancellationToken);
        }, cancellationToken);
}
