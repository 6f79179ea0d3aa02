using System.Text.Json;
using ShareHost.Api.Auth;
using ShareHost.Features.Shares.Actions;

namespace ShareHost.Features.Snapshots.Revert;

/// <summary><c>revert</c> (2.27+): revert a share in place to its latest snapshot, keeping every snapshot; 202.</summary>
public sealed class RevertShareAction(RevertShareService service) : IShareAction
{
    public IReadOnlyList<ActionName> Names { get; } = [new("revert", "2.27")];

    public async Task<IResult> HandleAsync(ShareActionContext context, JsonElement body, CancellationToken cancellationToken)
    {
        context.Caller.EnsureMember("share:revert_to_snapshot");
        var request = await ActionBody.ReadAsync<RevertShareRequest>(context, body, cancellationToken);
        await service.RevertAsync(context.ShareId, request.SnapshotId!, context.Caller, cancellationToken);
        return TypedResults.Accepted((string?)null);
    }
}
