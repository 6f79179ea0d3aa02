using ShareHost.Abstractions;
using ShareHost.Features.Backends;
using ShareHost.Features.Messages;
using ShareHost.Features.Operations;
using ShareHost.Features.Shares;

namespace ShareHost.Features.Snapshots.Revert;

/// <summary>
/// Reverts a share through <see cref="IRevertToSnapshotDriver"/>: on success the share is available with the
/// snapshot's size and the snapshot available again (every snapshot is kept: the contract demands it); on failure the
/// share goes <c>reverting_error</c>, the snapshot back to available, and a user message (action 006) says why.
/// </summary>
public sealed class RevertShareHandler(
    ShareRepository shares,
    SnapshotRepository snapshots,
    SnapshotDrivers drivers,
    ShareOperationSupport support,
    MessageRepository messages) : IOperationHandler
{
    private static readonly string[] Reverting = [ShareStatus.Reverting];
    private static readonly string[] Restoring = [SnapshotStatus.Restoring];

    public string Kind => RevertShareService.OperationKind;

    public async Task RunAsync(Operation operation, CancellationToken cancellationToken)
    {
        var instance = await shares.FindInstanceAsync(operation.ResourceId, cancellationToken);
        var snapshot = await snapshots.FindByInstanceAsync(operation.Read<RevertSharePayload>().SnapshotInstanceId, cancellationToken);
        if (instance is null || instance.Status != ShareStatus.Reverting || snapshot is null)
        {
            await FinishAsync(operation, snapshot, ShareStatus.RevertingError, "the share or the snapshot changed meanwhile", cancellationToken);
            return;
        }

        try
        {
            var (backend, driverSnapshot) = await drivers.ResolveAsync(snapshot, cancellationToken);
            await drivers.CallAsync<IRevertToSnapshotDriver>(backend, instance.Backend ?? "", "RevertToSnapshot",
                (driver, ct) => driver.RevertToSnapshotAsync(driverSnapshot.Share, driverSnapshot, ct), cancellationToken);
        }
        catch (DriverCallException e)
        {
            await FinishAsync(operation, snapshot, ShareStatus.RevertingError, e.UserMessage, cancellationToken);
            return;
        }

        await support.CompleteAsync(operation, async (connection, transaction) =>
        {
            if (await ShareRepository.TransitionAsync(connection, transaction, instance.Id, Reverting, ShareStatus.Available, cancellationToken))
            {
                await ShareRepository.SetSizeAsync(connection, transaction, snapshot.ShareId, snapshot.Size, cancellationToken);
            }

            await SnapshotRepository.TransitionAsync(connection, transaction, snapshot.InstanceId, Restoring, SnapshotStatus.Available, cancellationToken);
        }, cancellationToken);
    }

    public async Task FailAsync(Operation operation, string userMessage, CancellationToken cancellationToken)
    {
        var snapshot = await snapshots.FindByInstanceAsync(operation.Read<RevertSharePayload>().SnapshotInstanceId, cancellationToken);
        await FinishAsync(operation, snapshot, ShareStatus.RevertingError, userMessage, cancellationToken);
    }

    /// <summary>Share <c>reverting</c> → <paramref name="shareStatus"/>, snapshot <c>restoring</c> → available, a message, operation ended.</summary>
    private Task FinishAsync(Operation operation, SnapshotRecord? snapshot, string shareStatus, string userMessage, CancellationToken cancellationToken) =>
        support.CompleteAsync(operation, async (connection, transaction) =>
        {
            var reverted = await ShareRepository.TransitionAsync(connection, transaction, operation.ResourceId, Reverting, shareStatus, cancellationToken);
            if (snapshot is not null)
            {
                await SnapshotRepository.TransitionAsync(connection, transaction, snapshot.InstanceId, Restoring, SnapshotStatus.Available, cancellationToken);
            }

            if (reverted)
            {
                await messages.RecordAsync(connection, transaction, operation.ProjectId ?? "", operation.RequestId, ResourceTypes.Share, operation.ShareId,
                    MessageCatalog.Action.RevertToSnapshot, MessageCatalog.Detail.Unknown, userMessage, cancellationToken);
            }
        }, cancellationToken);
}
