using System.Text.Json;
using System.Text.Json.Serialization;

namespace ShareHost.Features.ShareTypes.UpdateShareType;

/// <summary><c>PUT /v2/types/{id}</c> (2.50): <c>{"share_type": {…}}</c> with any of name, description, is_public.</summary>
public sealed record UpdateShareTypeRequest
{
    public UpdateShareTypeBody? ShareType { get; init; }

    public UpdateShareTypeBody? VolumeType { get; init; }

    [JsonIgnore]
    public UpdateShareTypeBody? Body => ShareType ?? VolumeType;
}

public sealed record UpdateShareTypeBody
{
    public string? Name { get; init; }

    /// <summary>An empty string clears the description.</summary>
    public string? Description { get; init; }

    [JsonPropertyName("share_type_access:is_public")]
    public JsonElement? IsPublic { get; init; }
}
