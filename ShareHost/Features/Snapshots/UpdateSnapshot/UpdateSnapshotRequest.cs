using System.Text.Json.Serialization;

namespace ShareHost.Features.Snapshots.UpdateSnapshot;

/// <summary><c>PUT /v2/snapshots/{id}</c>: <c>{"snapshot": {"display_name"|"name", "display_description"|"description"}}</c>.</summary>
public sealed record UpdateSnapshotRequest
{
    public UpdateSnapshotBody? Snapshot { get; init; }
}

/// <summary>Remembers which fields were sent, so <c>"name": null</c> clears the name while an absent one keeps it.</summary>
public sealed record UpdateSnapshotBody
{
    private readonly string? _name;
    private readonly string? _description;

    public string? Name
    {
        get => _name;
        init
        {
            _name = value;
            HasName = true;
        }
    }

    public string? DisplayName
    {
        get => _name;
        init
        {
            _name = value;
            HasName = true;
            HasDisplayName = true;
        }
    }

    public string? Description
    {
        get => _description;
        init
        {
            _description = value;
            HasDescription = true;
        }
    }

    public string? DisplayDescription
    {
        get => _description;
        init
        {
            _description = value;
            HasDescription = true;
            HasDisplayDescription = true;
        }
    }

    [JsonIgnore]
    public bool HasName { get; private init; }

    [JsonIgnore]
    public bool HasDescription { get; private init; }

    [JsonIgnore]
    public bool HasDisplayName { get; private init; }

    [JsonIgnore]
    public bool HasDisplayDescription { get; private init; }
}
