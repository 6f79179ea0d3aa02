namespace ShareHost.Features.Replicas.States;

/// <summary>The <c>Replication</c> section.</summary>
public sealed class ReplicationOptions
{
    public const string Section = "Replication";

    /// <summary>How often every active replica's driver is asked for its replicas' states (Manila's replica_state_update_interval).</summary>
    public double PollSeconds { get; init; } = 300;
}
