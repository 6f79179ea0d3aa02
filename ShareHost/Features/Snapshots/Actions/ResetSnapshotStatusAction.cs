using System.Text.Json;
using ShareHost.Api.Auth;
using ShareHost.Features.Shares.Actions;
using ShareHost.Features.Shares.ResetStatus;

namespace ShareHost.Features.Snapshots.Actions;

/// <summary>Admin <c>reset_status</c> on a snapshot: a database write of one of Manila's resettable statuses; no driver call.</summary>
public sealed class ResetSnapshotStatusAction(SnapshotRepository snapshots) : ISnapshotAction
{
    public IReadOnlyList<ActionName> Names { get; } = [new("os-reset_status", "2.0", "2.6"), new("reset_status", "2.7")];

    public async Task<IResult> HandleAsync(ShareActionContext context, SnapshotRecord snapshot, JsonElement body, CancellationToken cancellationToken)
    {
        context.Caller.EnsureAdmin("share_snapshot:reset_status");
        var request = await ActionBody.ReadAsync<ResetStatusRequest>(context, body, cancellationToken);
        if (!await snapshots.SetStatusAsync(snapshot.InstanceId, request.Status!, cancellationToken))
        {
            throw SnapshotLookup.NotFound(snapshot.Id);
        }

        return TypedResults.Accepted((string?)null);
    }
}
