using ShareHost.Features.Backends;
using ShareHost.Features.Messages;
using ShareHost.Features.Operations;
using ShareHost.Features.Scheduling;
using ShareHost.Features.ShareTypes;
using ShareHost.Features.Snapshots.ShareFromSnapshot;
using ShareHost.Persistence;

namespace ShareHost.Features.Shares.CreateShare;

/// <summary>
/// Builds an accepted share: places it (once; the choice is stored before the driver is called, so a restart
/// resumes on the same pool), asks the driver to create it (from its snapshot, when it has one: placed by the
/// CreateFromSnapshot filter), stores its export locations and makes it available.
/// </summary>
public sealed class CreateShareHandler(
    ShareTypeRepository shareTypes,
    FilterScheduler scheduler,
    BackendRegistry backends,
    DriverInvoker drivers,
    SqliteConnectionFactory connections,
    ShareOperationSupport support,
    ShareFromSnapshotBuilder fromSnapshot) : IOperationHandler
{
    private static readonly string[] Creating = [ShareStatus.Creating];

    public string Kind => CreateShareService.OperationKind;

    public async Task RunAsync(Operation operation, CancellationToken cancellationToken)
    {
        ShareInstanceRecord? instance;
        ShareRecord? share;
        await using (var connection = await connections.OpenAsync(cancellationToken))
        {
            instance = await ShareRepository.FindInstanceAsync(connection, null, operation.ResourceId, cancellationToken);
            share = await ShareRepository.FindRowAsync(connection, null, operation.ShareId, cancellationToken);
        }

        if (instance is null || share is null || instance.Status != ShareStatus.Creating)
        {
            await support.AbandonAsync(operation, cancellationToken);
            return;
        }

        var type = share.ShareTypeId is null ? null : await shareTypes.FindByIdAsync(share.ShareTypeId, cancellationToken);
        if (instance.Backend is null)
        {
            var placed = await PlaceAsync(operation, share, instance, type, cancellationToken);
            if (placed is null)
            {
                return;
            }

            instance = placed;
        }

        var backend = backends.Find(instance.Backend);
        if (backend is null)
        {
            await FailAsync(operation, share, MessageCatalog.Action.Create, MessageCatalog.Detail.Unknown,
                $"backend '{instance.Backend}' is no longer configured", cancellationToken);
            return;
        }

        Abstractions.CreateShareResult created;
        try
        {
            var driverShare = DriverShares.For(share, instance, type, []);
            created = share.SnapshotId is null
                ? await drivers.CallAsync(backend, "CreateShare", (driver, ct) => driver.CreateShareAsync(driverShare, ct), cancellationToken)
                : await fromSnapshot.CreateAsync(backend, driverShare, share.SnapshotId, cancellationToken);
        }
        catch (DriverCallException e)
        {
            var detail = share.SnapshotId is null ? MessageCatalog.Detail.Unknown : MessageCatalog.Detail.DriverFailedCreateFromSnapshot;
            await FailAsync(operation, share, MessageCatalog.Action.Create, detail, e.UserMessage, cancellationToken);
            return;
        }

        if (created.ExportLocations is not { Count: > 0 })
        {
            await FailAsync(operation, share, MessageCatalog.Action.Create, MessageCatalog.Detail.Unknown,
                "the driver returned no export locations", cancellationToken);
            return;
        }

        await support.CompleteAsync(operation, async (connection, transaction) =>
        {
            if (await ShareRepository.MarkCreatedAsync(connection, transaction, instance.Id, cancellationToken))
            {
                // Only the transaction that leaves creating writes export locations, so there are none to replace.
                await ShareRepository.AddExportLocationsAsync(connection, transaction, instance.Id, created.ExportLocations, cancellationToken);
            }
        }, cancellationToken);
    }

    public Task FailAsync(Operation operation, string userMessage, CancellationToken cancellationToken) =>
        support.FailAsync(operation, operation.ResourceId, Creating, ShareStatus.Error, operation.ProjectId ?? "",
            MessageCatalog.Action.Create, MessageCatalog.Detail.Unknown, userMessage, cancellationToken);

    private async Task<ShareInstanceRecord?> PlaceAsync(Operation operation, ShareRecord share, ShareInstanceRecord instance, ShareType? type, CancellationToken cancellationToken)
    {
        var payload = operation.Read<CreateSharePayload>();
        var request = new ScheduleRequest(share.Size, share.ShareProto, type?.ExtraSpecs ?? [], payload.AvailabilityZone);
        if (share.SnapshotId is not null)
        {
            var source = await fromSnapshot.SourceAsync(share.SnapshotId, cancellationToken);
            if (source is null)
            {
                await FailAsync(operation, share, MessageCatalog.Action.AllocateHost, MessageCatalog.DetailForFilter("CreateFromSnapshot"),
                    $"snapshot {share.SnapshotId} is no longer available", cancellationToken);
                return null;
            }

            request = request with { FromSnapshot = true, Snapshot = source };
        }

        var result = scheduler.Schedule(request);
        if (!result.Succeeded)
        {
            await FailAsync(operation, share, MessageCatalog.Action.AllocateHost, MessageCatalog.DetailForFilter(result.LastFilter),
                result.Explanation, cancellationToken);
            return null;
        }

        var pool = result.Chosen!;
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var transaction = await SqliteConnectionFactory.BeginWriteAsync(connection, cancellationToken);
        var placed = await ShareRepository.PlaceInstanceAsync(connection, transaction, instance.Id, pool.Backend, pool.Pool, pool.AvailabilityZone, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return placed;
    }

    private Task FailAsync(Operation operation, ShareRecord share, string actionId, string detailId, string specifics, CancellationToken cancellationToken) =>
        support.FailAsync(operation, operation.ResourceId, Creating, ShareStatus.Error, share.ProjectId, actionId, detailId, specifics, cancellationToken);
}
