using System.Text.Json;
using ShareHost.Features.Shares.Actions;

namespace ShareHost.Features.Snapshots.Actions;

/// <summary>
/// One action of <c>POST /v2/snapshots/{id}/action</c>, selected by the body's single key, like the share actions.
/// The context's id slot carries the snapshot id.
/// </summary>
public interface ISnapshotAction
{
    IReadOnlyList<ActionName> Names { get; }

    Task<IResult> HandleAsync(ShareActionContext context, SnapshotRecord snapshot, JsonElement body, CancellationToken cancellationToken);
}
