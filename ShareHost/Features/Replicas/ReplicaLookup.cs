using ShareHost.Api.Auth;
using ShareHost.Api.Errors;
using ShareHost.Features.Shares.ShareInstances;

namespace ShareHost.Features.Replicas;

/// <summary>Finds a replica the caller may see: its share's project or an admin. Anyone else gets Manila's 404.</summary>
public sealed class ReplicaLookup(ReplicaRepository replicas)
{
    public async Task<ShareInstanceRow> VisibleAsync(string id, RequestContext caller, CancellationToken cancellationToken)
    {
        var replica = await replicas.FindAsync(id, cancellationToken);
        return replica is not null && caller.CanSee(replica.ProjectId) ? replica : throw NotFound(id);
    }

    public static NotFoundException NotFound(string id) => new($"Share replica {id} could not be found.");
}
