using ShareHost.Abstractions;
using ShareHost.Features.Backends;
using ShareHost.Features.Messages;
using ShareHost.Features.Operations;

using ShareHost.Features.Replicas.Snapshots;

namespace ShareHost.Features.Snapshots.CreateSnapshot;

/// <summary>
/// Takes an accepted snapshot: the driver (which must implement <see cref="ISnapshotDriver"/>) creates it, and the
/// instance becomes available with its provider location and, for mountable snapshots, its read-only export
/// locations; a failure leaves it in <c>error</c> with a user message. Safe to re-run: drivers create idempotently.
/// </summary>
public sealed class CreateSnapshotHandler(SnapshotRepository snapshots, SnapshotDrivers drivers, SnapshotOperationSupport support,
    ReplicatedSnapshots replicated) : IOperationHandler
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

        // A replicated share's snapshot has an instance per replica, all taken by the active replica's driver.
        var others = await replicated.OthersAsync(snapshot, cancellationToken);
        SnapshotResult result;
        IReadOnlyList<ReplicaSnapshotResult> replicaResults = [];
        try
        {
            if (others.Count > 0)
            {
                (result, replicaResults) = await replicated.CreateAsync(snapshot, others, cancellationToken);
            }
            else
            {
                var (backend, driverSnapshot) = await drivers.ResolveAsync(snapshot, cancellationToken);
                result = await drivers.CallAsync<ISnapshotDriver, SnapshotResult>(backend, snapshot.Backend ?? "", "CreateSnapshot",
                    (driver, ct) => driver.CreateSnapshotAsync(driverSnapshot, ct), cancellationToken);
            }
        }
        catch (DriverCallException e)
        {
            await replicated.FailOthersAsync(snapshot, cancellationToken);
            await FailAsync(operation, snapshot, e.UserMessage, cancellationToken);
            return;
        }

        await support.Shares.CompleteAsync(operation, async (connection, transaction) =>
        {
            await SnapshotRepository.MarkCreatedAsync(connection, transaction, snapshot.InstanceId, result, cancellationToken);
            await ReplicatedSnapshots.MarkOthersAsync(connection, transaction, others, replicaResults, cancellationToken);
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
        support.FailAsync(operation, snapshot.Id, snapshot.InstanceId, Creating, SnapshotStatus.Error, snapshot.ProjectId,
            MessageCatalog.Action.Create, MessageCatalog.Detail.Unknown, userMessage, cancellationToken);
}
