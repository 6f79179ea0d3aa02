using ShareHost.Api.Auth;
using ShareHost.Api.Errors;
using ShareHost.Features.Messages;
using ShareHost.Features.Operations;
using ShareHost.Features.Quotas;
using ShareHost.Features.Scheduling;
using ShareHost.Features.Shares.Resize;
using ShareHost.Features.ShareTypes;
using ShareHost.Persistence;

namespace ShareHost.Features.Shares.ExtendShare;

/// <summary>
/// Accepts an extend: guards and quota inside one write transaction, then (unless forced) asks the scheduler whether
/// the share's pool can take the extra space. A pool that cannot leaves the share available with a user message,
/// as Manila's scheduler does; otherwise the instance goes to <c>extending</c> with its operation, atomically.
/// </summary>
public sealed class ExtendShareService(
    SqliteConnectionFactory connections,
    ShareTypeRepository shareTypes,
    QuotaRepository quotas,
    FilterScheduler scheduler,
    MessageRepository messages,
    OperationRunner runner)
{
    public const string OperationKind = "extend_share";

    private static readonly string[] From = [ShareStatus.Available];

    public async Task ExtendAsync(string shareId, int newSize, bool force, RequestContext caller, CancellationToken cancellationToken)
    {
        Operation operation;
        await using (var connection = await connections.OpenAsync(cancellationToken))
        await using (var transaction = await SqliteConnectionFactory.BeginWriteAsync(connection, cancellationToken))
        {
            var share = await ShareRepository.FindAsync(connection, transaction, shareId, cancellationToken)
                ?? throw new NotFoundException($"Share {shareId} could not be found.");
            ResizeGuards.EnsureStatus(share, "extend", From);
            ResizeGuards.EnsureNotBusy(share);
            if (newSize <= share.Size)
            {
                throw new BadRequestException(
                    $"Invalid input for field 'new_size': new size for extend must be greater than current size (current: {share.Size}, extended: {newSize}).");
            }

            var type = share.ShareTypeId is null ? null : await shareTypes.FindByIdAsync(share.ShareTypeId, cancellationToken);
            ResizeGuards.EnsureWithinTypeLimits(type, newSize);
            var delta = newSize - share.Size;
            await quotas.EnsureShareQuotaAsync(connection, transaction, share.ProjectId, 0, delta, newSize, cancellationToken);

            if (!force && CheckPool(share, type, delta) is { Succeeded: false } refused)
            {
                await messages.RecordAsync(connection, transaction, share.ProjectId, caller.RequestId, ResourceTypes.Share, share.Id,
                    MessageCatalog.Action.Extend, MessageCatalog.DetailForFilter(refused.LastFilter), refused.Explanation, cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                return;
            }

            operation = Operation.Create(OperationKind, share.Id, share.InstanceId, new ExtendSharePayload(newSize), caller.RequestId, share.ProjectId);
            if (!await ShareRepository.TransitionAsync(connection, transaction, share.InstanceId, From, ShareStatus.Extending, cancellationToken))
            {
                throw new ConflictException($"Share {share.Id} changed status while being extended; try again.");
            }

            await OperationRepository.InsertAsync(connection, transaction, operation, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        runner.Enqueue(operation);
    }

    private ScheduleResult CheckPool(ShareRecord share, ShareType? type, int delta)
    {
        if (share.Backend is null || share.Pool is null)
        {
            return new ScheduleResult(null, null, "the share has no pool");
        }

        var request = new ScheduleRequest(delta, share.ShareProto, type?.ExtraSpecs ?? [], IsExtend: true);
        return scheduler.CheckPool(share.Backend, share.Pool, request, "Capacity");
    }
}
