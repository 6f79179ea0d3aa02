using ShareHost.Features.Backends;
using ShareHost.Features.Messages;
using ShareHost.Features.Operations;
using ShareHost.Features.Shares;
using ShareHost.Persistence;

namespace ShareHost.Features.Replicas.Resize;

/// <summary>
/// Extend and shrink of a replicated share reach every replica: after the active replica is resized, each other
/// available replica is resized on its own backend (contract 1.4). One that fails goes to <c>error</c> / <c>error</c>
/// with a user message (a resync or re-creation repairs it) while the share keeps its new size. Safe to re-run: a
/// resize to the size a share already has changes nothing.
/// </summary>
public sealed class ReplicaResizer(
    ReplicaDrivers drivers,
    BackendRegistry backends,
    DriverInvoker invoker,
    SqliteConnectionFactory connections,
    MessageRepository messages)
{
    private static readonly string[] Available = [ShareStatus.Available];

    public async Task ResizeOthersAsync(Operation operation, string activeInstanceId, int newSize, bool extend, CancellationToken cancellationToken)
    {
        var set = await drivers.LoadAsync(operation.ShareId, cancellationToken);
        if (set is null || set.Share.ReplicationType is null)
        {
            return;
        }

        var name = extend ? "ExtendShare" : "ShrinkShare";
        foreach (var replica in set.Rows.Where(r => r.Id != activeInstanceId && r.Backend is not null && r.Status == ShareStatus.Available))
        {
            var share = set.Get(replica.Id).Share;
            try
            {
                var backend = backends.Find(replica.Backend)
                    ?? throw new DriverCallException($"backend {replica.Backend} not configured", $"The backend '{replica.Backend}' is no longer configured.");
                await invoker.CallAsync(backend, name,
                    (driver, ct) => extend ? driver.ExtendShareAsync(share, newSize, ct) : driver.ShrinkShareAsync(share, newSize, ct), cancellationToken);
            }
            catch (DriverCallException e)
            {
                await using var connection = await connections.OpenAsync(cancellationToken);
                await using var transaction = await SqliteConnectionFactory.BeginWriteAsync(connection, cancellationToken);
                if (await ReplicaRepository.SettleAsync(connection, transaction, replica.Id, Available, ShareStatus.Error, ReplicaStates.Error, cancellationToken))
                {
                    await messages.RecordAsync(connection, transaction, replica.ProjectId, operation.RequestId, ResourceTypes.Replica, replica.Id,
                        extend ? MessageCatalog.Action.Extend : MessageCatalog.Action.Shrink, MessageCatalog.Detail.Unknown,
                        $"the replica could not be resized to {newSize} GiB: {e.UserMessage}", cancellationToken);
                }

                await transaction.CommitAsync(cancellationToken);
            }
        }
    }
}
