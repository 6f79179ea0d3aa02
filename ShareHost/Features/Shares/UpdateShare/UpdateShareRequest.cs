using System.Text.Json.Serialization;

namespace ShareHost.Features.Shares.UpdateShare;

/// <summary><c>PUT /v2/shares/{id}</c>: <c>{"share": {"display_name", "display_description", "is_public"}}</c>, as Manila honours.</summary>
public sealed record UpdateShareRequest
{
    public UpdateShareBody? Share { get; init; }
}

/// <summary>Remembers which fields were sent, so <c>"display_name": null</c> clears the name while an absent one keeps it.</summary>
public sealed record UpdateShareBody
{
    private readonly string? _displayName;
    private readonly string? _displayDescription;

    public string? DisplayName
    {
        get => _displayName;
        init
        {
            _displayName = value;
            HasDisplayName = true;
        }
    }

    public string? DisplayDescription
    {
        get => _displayDescription;
        init
        {
            _displayDescription = value;
            HasDisplayDescription = true;
        }
    }

    public bool? IsPublic { get; init; }

    /// <summary>Not updatable in Manila (only display_name is); named here so the refusal can say so.</summary>
    public string? Name { get; init; }

    /// <summary>Not updatable in Manila (only display_description is).</summary>
    public string? Description { get; init; }

    [JsonIgnore]
    public bool HasDisplayName { get; private init; }

    [JsonIgnore]
    public bool HasDisplayDescription { get; private init; }
}
