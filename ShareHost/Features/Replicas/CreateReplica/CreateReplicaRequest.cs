namespace ShareHost.Features.Replicas.CreateReplica;

/// <summary><c>POST /v2/share-replicas</c>: <c>{"share_replica": {"share_id", "availability_zone"?, "scheduler_hints"?}}</c>.</summary>
public sealed record CreateReplicaRequest
{
    public CreateReplicaBody? ShareReplica { get; init; }
}

public sealed record CreateReplicaBody
{
    public string? ShareId { get; init; }

    public string? AvailabilityZone { get; init; }

    /// <summary>Accepted as Manila's clients send it; ShareHost backends do not handle share networks, so it must be empty.</summary>
    public string? ShareNetworkId { get; init; }

    /// <summary>2.67: only <c>only_host</c> (admin), <c>host@backend#pool</c>.</summary>
    public Dictionary<string, string>? SchedulerHints { get; init; }
}
