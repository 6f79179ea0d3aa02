using ShareHost.Abstractions;
using ShareHost.Features.Backends;
using ShareHost.Features.Messages;
using ShareHost.Features.Operations;

namespace ShareHost.Features.Snapshots.CreateSnapshot;

/// <summary>
/// Takes an accepted snapshot: the driver (which must implement <see cref="ISnapshotDriver"/>) creates it, and the
/// instance becomes available with its provider location and, for mountable snapshots, its read-only export
/// locations; a failure leaves it in <c>error</c> with a user message. Safe to re-run: drivers create idempotently.
/// </summary>
public sealed class CreateSnapshotHandler(SnapshotRepository snapshots, SnapshotDrivers drivers, SnapshotOperationSupport support) : IOperationHandler
{
    private static readonly string[] Creating = [SnapshotStatus.Creating];

    public string Kind => CreateSnapshotService.OperationKind;

    public async Task RunAsync(Operation operation, CancellationToken cancellationToken)
    {
        var snapshot = await snapshots.FindByInstanceAsync(operation.ResourceId, cancellationToken);
        if (snapshot is null || snapshot.Status != SnapshotStatus.Creating)
        {
            await support.Shares.AbandonAsync(operation, cancellationToken);
            return;
        }

        SnapshotResult result;
        try
        {
            var (backend, driverSnapshot) = await drivers.ResolveAsync(snapshot, cancellationToken);
            result = await drivers.CallAsync<ISnapshotDriver, SnapshotResult>(backend, snapshot.Backend ?? "", "CreateSnapshot",
                (driver, ct) => driver.CreateSnapshotAsync(driverSnapshot, ct), cancellationToken);
        }
        catch (DriverCallException e)
        {
            await FailAsync(operation, snapshot, e.UserMessage, cancellationToken);
            return;
        }

        await support.Shares.CompleteAsync(operation, (connection, transaction) =>
            SnapshotRepository.MarkCreatedAsync(connection, transaction, snapshot.InstanceId, result, cancellationToken), cancellationToken);
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
        support.FailAsync(operation, snapshot.Id, snapshot.InstanceId, Creating, SnapshotStatus.Error, snapshot.ProjectId,
            MessageCatalog.Action.Create, MessageCatalog.Detail.Unknown, userMessage, cancellationToken);
}
