using ShareHost.Abstractions;
using ShareHost.Features.Backends;
using ShareHost.Features.Messages;
using ShareHost.Features.Operations;
using ShareHost.Features.Shares;

using ShareHost.Features.Replicas.Snapshots;

namespace ShareHost.Features.Snapshots.DeleteSnapshot;

/// <summary>
/// Deletes a snapshot on its backend, then its rows (quota is counted from rows, so it is released with them). A
/// driver failure leaves it in <c>error_deleting</c> with a user message; a force-delete records the message and
/// removes the rows anyway. A snapshot the backend no longer has counts as deleted.
/// </summary>
public sealed class DeleteSnapshotHandler(
    SnapshotRepository snapshots,
    SnapshotDrivers drivers,
    SnapshotOperationSupport support,
    MessageRepository messages,
    ReplicatedSnapshots replicated) : IOperationHandler
{
    private static readonly string[] Deleting = [SnapshotStatus.Deleting];

    public string Kind => DeleteSnapshotService.OperationKind;

    public async Task RunAsync(Operation operation, CancellationToken cancellationToken)
    {
        var snapshot = await snapshots.FindByInstanceAsync(operation.ResourceId, cancellationToken);
        if (snapshot is null || snapshot.Status != SnapshotStatus.Deleting)
        {
            await support.Shares.AbandonAsync(operation, cancellationToken);
            return;
        }

        var force = operation.Read<DeleteSnapshotPayload>().Force;
        string? failure = null;
        try
        {
            var others = await replicated.OthersAsync(snapshot, cancellationToken);
            if (others.Count > 0)
            {
                await replicated.DeleteAsync(snapshot, others, cancellationToken);
            }
            else
            {
                var (backend, driverSnapshot) = await drivers.ResolveAsync(snapshot, cancellationToken);
                await drivers.CallAsync<ISnapshotDriver>(backend, snapshot.Backend ?? "", "DeleteSnapshot",
                    (driver, ct) => driver.DeleteSnapshotAsync(driverSnapshot, ct), cancellationToken);
            }
        }
        catch (DriverCallException e) when (e.NotFound)
        {
            // Already gone on the backend: that is what we wanted.
        }
        catch (DriverCallException e)
        {
            failure = e.UserMessage;
        }

        if (failure is not null && !force)
        {
            await FailAsync(operation, snapshot, failure, cancellationToken);
            return;
        }

        await support.Shares.CompleteAsync(operation, async (connection, transaction) =>
        {
            if (failure is not null)
            {
                await messages.RecordAsync(connection, transaction, snapshot.ProjectId, operation.RequestId, ResourceTypes.Snapshot, snapshot.Id,
                    MessageCatalog.Action.Delete, MessageCatalog.Detail.Unknown,
                    $"force-deleted; a cleanup on the backend may be necessary: {failure}", cancellationToken);
            }

            await SnapshotRepository.DeleteAsync(connection, transaction, snapshot.Id, cancellationToken);
        }, cancellationToken);
    }

    public async Task FailAsync(Operation operation, string userMessage, CancellationToken cancellationToken)
    {
        var snapshot = await snapshots.FindByInstanceAsync(operation.ResourceId, cancellationToken);
        if (snapshot is null)
        {
            await support.Shares.AbandonAsync(operation, cancellationToken);
            return;
        }

        await FailAsync(operation, snapshot, userMessage, cancellationToken);
    }

    private Task FailAsync(Operation operation, SnapshotRecord snapshot, string userMessage, CancellationToken cancellationToken) =>
        support.FailAsync(operation, snapshot.Id, snapshot.InstanceId, Deleting, SnapshotStatus.ErrorDeleting, snapshot.ProjectId,
            MessageCatalog.Action.Delete, MessageCatalog.Detail.Unknown, userMessage, cancellationToken);
}
