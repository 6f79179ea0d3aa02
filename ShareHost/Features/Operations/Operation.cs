using System.Text.Json;

namespace ShareHost.Features.Operations;

/// <summary>
/// A unit of background work the API accepted. Stored in the same transaction as the status change that announces
/// it and deleted in the same transaction as the one that ends it.
/// </summary>
public sealed class Operation
{
    public string Id { get; init; } = Guid.NewGuid().ToString();

    /// <summary>Which handler runs it, e.g. <c>create_share</c>.</summary>
    public string Kind { get; init; } = "";

    /// <summary>Operations on one share run one at a time, in the order they were accepted.</summary>
    public string ShareId { get; init; } = "";

    /// <summary>The resource the work is about (a share instance, a snapshot, an access rule …).</summary>
    public string ResourceId { get; init; } = "";

    /// <summary>Handler-specific arguments, as JSON.</summary>
    public string? Payload { get; init; }

    public string? RequestId { get; init; }

    public string? ProjectId { get; init; }

    public DateTime CreatedAt { get; init; } = DateTime.UtcNow;

    public static Operation Create<TPayload>(string kind, string shareId, string resourceId, TPayload payload, string? requestId, string? projectId) => new()
    {
        Kind = kind,
        ShareId = shareId,
        ResourceId = resourceId,
        Payload = JsonSerializer.Serialize(payload),
        RequestId = requestId,
        ProjectId = projectId,
    };

    public T Read<T>() => JsonSerializer.Deserialize<T>(Payload ?? "{}")!;
}
