namespace ShareHost.Features.Messages;

public sealed class Message
{
    public string Id { get; init; } = Guid.NewGuid().ToString();

    public string ProjectId { get; init; } = "";

    public string? RequestId { get; init; }

    /// <summary>SHARE, SHARE_SNAPSHOT, SHARE_REPLICA …</summary>
    public string ResourceType { get; init; } = "SHARE";

    public string ResourceId { get; init; } = "";

    public string ActionId { get; init; } = "";

    public string DetailId { get; init; } = "";

    public string MessageLevel { get; init; } = "ERROR";

    public string UserMessage { get; init; } = "";

    public DateTime CreatedAt { get; init; } = DateTime.UtcNow;

    public DateTime ExpiresAt { get; init; }
}
