using System.Text.Json;
using System.Text.Json.Serialization;

namespace ShareHost.Features.ShareTypes.CreateShareType;

/// <summary><c>POST /v2/types</c>: <c>{"share_type": {…}}</c>; <c>volume_type</c> is Manila's legacy name for the same body.</summary>
public sealed record CreateShareTypeRequest
{
    public CreateShareTypeBody? ShareType { get; init; }

    public CreateShareTypeBody? VolumeType { get; init; }

    [JsonIgnore]
    public CreateShareTypeBody? Body => ShareType ?? VolumeType;

    [JsonIgnore]
    public string BodyName => ShareType is null && VolumeType is not null ? "volume_type" : "share_type";
}

public sealed record CreateShareTypeBody
{
    public string? Name { get; init; }

    /// <summary>2.41 and later.</summary>
    public string? Description { get; init; }

    /// <summary>Values are strings or booleans; <c>driver_handles_share_servers</c> is required.</summary>
    public Dictionary<string, JsonElement>? ExtraSpecs { get; init; }

    [JsonPropertyName("share_type_access:is_public")]
    public JsonElement? IsPublic { get; init; }

    /// <summary>The name clients use up to 2.6; Manila honours it at every version.</summary>
    [JsonPropertyName("os-share-type-access:is_public")]
    public JsonElement? LegacyIsPublic { get; init; }
}
