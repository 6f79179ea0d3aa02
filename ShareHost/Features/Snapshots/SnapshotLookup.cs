using ShareHost.Api.Auth;
using ShareHost.Api.Errors;

namespace ShareHost.Features.Snapshots;

/// <summary>Finds a snapshot the caller may see: its project's, or any for an admin. Another project's is 404.</summary>
public sealed class SnapshotLookup(SnapshotRepository snapshots)
{
    public async Task<SnapshotRecord> VisibleAsync(string id, RequestContext caller, CancellationToken cancellationToken)
    {
        var snapshot = await snapshots.FindAsync(id, cancellationToken);
        if (snapshot is null || !caller.CanSee(snapshot.ProjectId))
        {
            throw NotFound(id);
        }

        return snapshot;
    }

    public static NotFoundException NotFound(string id) => new($"Snapshot {id} could not be found.");
}
