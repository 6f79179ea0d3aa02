using System.Text.Json;

namespace ShareHost.Features.ShareTypes.ExtraSpecs;

/// <summary><c>POST /v2/types/{type_id}/extra_specs</c>: <c>{"extra_specs": {…}}</c>, merged into the type's specs.</summary>
public sealed record SetExtraSpecsRequest
{
    public Dictionary<string, JsonElement>? ExtraSpecs { get; init; }
}
