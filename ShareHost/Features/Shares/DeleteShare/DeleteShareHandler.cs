using Dapper;
using ShareHost.Features.Backends;
using ShareHost.Features.Messages;
using ShareHost.Features.Operations;
using ShareHost.Features.ShareTypes;
using ShareHost.Features.Snapshots.Schedules;

namespace ShareHost.Features.Shares.DeleteShare;

/// <summary>
/// Deletes every instance of a share on its backend, then the share's rows. A driver failure leaves the share in
/// <c>error_deleting</c> with a user message; a force-delete records the message and removes the rows anyway.
/// </summary>
public sealed class DeleteShareHandler(
    ShareRepository shares,
    ShareTypeRepository shareTypes,
    BackendRegistry backends,
    DriverInvoker drivers,
    ShareOperationSupport support,
    MessageRepository messages,
    SnapshotScheduleTriggers schedules) : IOperationHandler
{
    public string Kind => DeleteShareService.OperationKind;

    public async Task RunAsync(Operation operation, CancellationToken cancellationToken)
    {
        var share = await shares.FindAsync(operation.ShareId, cancellationToken);
        if (share is null)
        {
            await support.AbandonAsync(operation, cancellationToken);
            return;
        }

        var force = operation.Read<DeleteSharePayload>().Force;
        var type = share.ShareTypeId is null ? null : await shareTypes.FindByIdAsync(share.ShareTypeId, cancellationToken);
        var instances = await shares.InstancesAsync(share.Id, cancellationToken);
        var exports = await shares.ExportLocationsAsync(instances.Select(i => i.Id).ToList(), cancellationToken);
        string? failure = null;
        foreach (var instance in instances.Where(i => i.Backend is not null))
        {
            var backend = backends.Find(instance.Backend);
            try
            {
                if (backend is null)
                {
                    throw new DriverCallException("backend not configured", $"The backend '{instance.Backend}' is no longer configured.");
                }

                await drivers.CallAsync(backend, "DeleteShare",
                    (driver, ct) => driver.DeleteShareAsync(DriverShares.For(share, instance, type, exports), ct), cancellationToken);
            }
            catch (DriverCallException e) when (e.NotFound)
            {
                // Already gone on the backend: that is what we wanted.
            }
            catch (DriverCallException e)
            {
                failure = e.UserMessage;
                break;
            }
        }

        if (failure is not null && !force)
        {
            await FailAllAsync(operation, share.ProjectId, failure, cancellationToken);
            return;
        }

        await support.CompleteAsync(operation, async (connection, transaction) =>
        {
            if (failure is not null)
            {
                await messages.RecordAsync(connection, transaction, share.ProjectId, operation.RequestId, ResourceTypes.Share, share.Id,
                    MessageCatalog.Action.Delete, MessageCatalog.Detail.Unknown,
                    $"force-deleted; a cleanup on the backend may be necessary: {failure}", cancellationToken);
            }

            await connection.ExecuteAsync(new CommandDefinition(
                "DELETE FROM shares WHERE id = @Id", new { share.Id }, transaction, cancellationToken: cancellationToken));
        }, cancellationToken);

        // The share's snapshot schedule went with its row; its Quartz trigger goes too.
        await schedules.UnregisterAsync(share.Id, cancellationToken);
    }

    public Task FailAsync(Operation operation, string userMessage, CancellationToken cancellationToken) =>
        FailAllAsync(operation, operation.ProjectId ?? "", userMessage, cancellationToken);

    private Task FailAllAsync(Operation operation, string projectId, string userMessage, CancellationToken cancellationToken) =>
        support.CompleteAsync(operation, async (connection, transaction) =>
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE share_instances SET status = 'error_deleting', updated_at = @now WHERE share_id = @ShareId AND status = 'deleting'",
                new { operation.ShareId, now = DateTime.UtcNow }, transaction, cancellationToken: cancellationToken));
            await messages.RecordAsync(connection, transaction, projectId, operation.RequestId, ResourceTypes.Share, operation.ShareId,
                MessageCatalog.Action.Delete, MessageCatalog.Detail.Unknown, userMessage, cancellationToken);
        }, cancellationToken);
}
