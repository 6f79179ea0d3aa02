using System.Text.Json;
using ShareHost.Api.Auth;
using ShareHost.Features.Shares.Actions;
using ShareHost.Features.Shares.ForceDelete;
using ShareHost.Features.Snapshots.DeleteSnapshot;

namespace ShareHost.Features.Snapshots.Actions;

/// <summary>Admin <c>force_delete</c>: a delete from any status whose driver errors are recorded but do not keep the rows.</summary>
public sealed class ForceDeleteSnapshotAction(DeleteSnapshotService service) : ISnapshotAction
{
    public IReadOnlyList<ActionName> Names { get; } = [new("os-force_delete", "2.0", "2.6"), new("force_delete", "2.7")];

    public async Task<IResult> HandleAsync(ShareActionContext context, SnapshotRecord snapshot, JsonElement body, CancellationToken cancellationToken)
    {
        context.Caller.EnsureAdmin("share_snapshot:force_delete");
        ForceDeleteAction.EnsureNoArguments(body, context.ActionKey);
        await service.DeleteAsync(snapshot, context.Caller.RequestId, force: true, cancellationToken);
        return TypedResults.Accepted((string?)null);
    }
}
