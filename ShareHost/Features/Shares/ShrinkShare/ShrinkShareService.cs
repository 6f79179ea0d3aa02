using ShareHost.Api.Auth;
using ShareHost.Api.Errors;
using ShareHost.Features.Operations;
using ShareHost.Features.Shares.Resize;
using ShareHost.Features.ShareTypes;
using ShareHost.Persistence;

namespace ShareHost.Features.Shares.ShrinkShare;

/// <summary>Accepts a shrink: guards in a write transaction, instance to <c>shrinking</c> and the operation recorded, atomically.</summary>
public sealed class ShrinkShareService(SqliteConnectionFactory connections, ShareTypeRepository shareTypes, OperationRunner runner)
{
    public const string OperationKind = "shrink_share";

    /// <summary>Manila accepts a new shrink after a refused one (the possible-data-loss status) as well as from available.</summary>
    private static readonly string[] From = [ShareStatus.Available, ShareStatus.ShrinkingPossibleDataLossError];

    public async Task ShrinkAsync(string shareId, int newSize, RequestContext caller, CancellationToken cancellationToken)
    {
        Operation operation;
        await using (var connection = await connections.OpenAsync(cancellationToken))
        await using (var transaction = await SqliteConnectionFactory.BeginWriteAsync(connection, cancellationToken))
        {
            var share = await ShareRepository.FindAsync(connection, transaction, shareId, cancellationToken)
                ?? throw new NotFoundException($"Share {shareId} could not be found.");
            ResizeGuards.EnsureStatus(share, "shrink", From);
            ResizeGuards.EnsureNotBusy(share);
            if (newSize >= share.Size)
            {
                throw new BadRequestException(
                    $"Invalid input for field 'new_size': new size for shrink must be less than current size and greater than 0 (current: {share.Size}, new: {newSize}).");
            }

            var type = share.ShareTypeId is null ? null : await shareTypes.FindByIdAsync(share.ShareTypeId, cancellationToken);
            ResizeGuards.EnsureWithinTypeLimits(type, newSize);

            operation = Operation.Create(OperationKind, share.Id, share.InstanceId, new ShrinkSharePayload(newSize), caller.RequestId, share.ProjectId);
            if (!await ShareRepository.TransitionAsync(connection, transaction, share.InstanceId, From, ShareStatus.Shrinking, cancellationToken))
            {
                throw new ConflictException($"Share {share.Id} changed status while being shrunk; try again.");
            }

            await OperationRepository.InsertAsync(connection, transaction, operation, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        runner.Enqueue(operation);
    }
}
