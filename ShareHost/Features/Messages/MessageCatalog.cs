namespace ShareHost.Features.Messages;

/// <summary>Manila's user-message action and detail ids, with their texts.</summary>
public static class MessageCatalog
{
    public static class Action
    {
        public const string AllocateHost = "001";
        public const string Create = "002";
        public const string DeleteAccessRules = "003";
        public const string Promote = "004";
        public const string Update = "005";
        public const string RevertToSnapshot = "006";
        public const string Delete = "007";
        public const string Extend = "008";
        public const string Shrink = "009";
        public const string UpdateAccessRules = "010";
    }

    public static class Detail
    {
        public const string Unknown = "001";
        public const string NoValidHost = "002";
        public const string NoActiveReplica = "006";
        public const string DriverFailedExtend = "015";
        public const string DriverFailedCreateFromSnapshot = "017";
        public const string ShrinkPossibleDataLoss = "018";
        public const string ShrinkNotSupported = "019";
        public const string ForbiddenClient = "020";
        public const string UnsupportedAccess = "021";
        public const string NoDefaultShareType = "024";
    }

    private static readonly Dictionary<string, string> Actions = new()
    {
        ["001"] = "allocate host",
        ["002"] = "create",
        ["003"] = "delete access rules",
        ["004"] = "promote",
        ["005"] = "update",
        ["006"] = "revert to snapshot",
        ["007"] = "delete",
        ["008"] = "extend",
        ["009"] = "shrink",
        ["010"] = "update access rules",
    };

    private static readonly Dictionary<string, string> Details = new()
    {
        ["001"] = "An unknown error occurred.",
        ["002"] = "No storage could be allocated for this share request. Trying again with a different size or share type may succeed.",
        ["006"] = "Share has no replica with 'replica_state' set to 'active'.",
        ["007"] = "No storage could be allocated for this share request, AvailabilityZone filter didn't succeed.",
        ["008"] = "No storage could be allocated for this share request, Capabilities filter didn't succeed.",
        ["009"] = "No storage could be allocated for this share request, Capacity filter didn't succeed.",
        ["014"] = "No storage could be allocated for this share request, ShareReplication filter didn't succeed.",
        ["015"] = "Share Driver failed to extend share, The share status has been set to extending_error. This action cannot be re-attempted until the status has been rectified. Contact your administrator to determine the cause of this failure.",
        ["016"] = "No storage could be allocated for this share request, CreateFromSnapshot filter didn't succeed.",
        ["017"] = "Share Driver has failed to create the share from snapshot. This operation can be re-attempted by creating a new share. Contact your administrator to determine the cause of this failure.",
        ["018"] = "Share Driver refused to shrink the share. The size to be shrunk is smaller than the current used space. The share status has been set to available. Please select a size greater than the current used space.",
        ["019"] = "Share Driver does not support shrinking shares. Shrinking share operation failed.",
        ["020"] = "Failed to grant access to client. The client ID used may be forbidden. You may try again with a different client identifier.",
        ["021"] = "Failed to grant access to client. The access level or type may be unsupported. You may try again with a different access level or access type.",
        ["024"] = "No default share type has been made available. You must specify a share type for creating shares.",
    };

    /// <summary>The detail id Manila uses when the named scheduler filter removed the last pools.</summary>
    public static string DetailForFilter(string? filter) => filter switch
    {
        "AvailabilityZone" => "007",
        "Capabilities" => "008",
        "Capacity" => "009",
        "ShareReplication" => "014",
        "CreateFromSnapshot" => "016",
        _ => Detail.NoValidHost,
    };

    /// <summary><c>"&lt;action&gt;: &lt;detail&gt;"</c>, followed by ShareHost's specifics when there are any.</summary>
    public static string Render(string actionId, string detailId, string? specifics = null)
    {
        var text = $"{Actions.GetValueOrDefault(actionId, "unknown action")}: {Details.GetValueOrDefault(detailId, Details["001"])}";
        return string.IsNullOrWhiteSpace(specifics) ? text : $"{text} ({specifics})";
    }
}
