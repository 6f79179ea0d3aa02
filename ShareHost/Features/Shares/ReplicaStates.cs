namespace ShareHost.Features.Shares;

/// <summary>A share instance's <c>replica_state</c>, as Manila names them (null for an instance of a share without replication).</summary>
public static class ReplicaStates
{
    public const string Active = "active";
    public const string InSync = "in_sync";
    public const string OutOfSync = "out_of_sync";
    public const string Error = "error";

    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal) { Active, InSync, OutOfSync, Error };

    /// <summary>
    /// Manila's <c>cast_rules_to_readonly</c>: the replicas of a <c>readable</c> share other than the active one serve reads
    /// only, so their access rules go to the driver as <c>ro</c> whatever level they were granted with.
    /// </summary>
    public static bool CastRulesToReadOnly(string? replicationType, string? replicaState) =>
        replicationType == "readable" && replicaState is not null && replicaState != Active;
}
