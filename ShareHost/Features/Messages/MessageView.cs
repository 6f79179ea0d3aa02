using ShareHost.Api;

namespace ShareHost.Features.Messages;

/// <summary>Manila's user message body.</summary>
public static class MessageView
{
    public static Dictionary<string, object?> Render(HttpContext http, Message message) => new()
    {
        ["id"] = message.Id,
        ["project_id"] = message.ProjectId,
        ["action_id"] = message.ActionId,
        ["detail_id"] = message.DetailId,
        ["message_level"] = message.MessageLevel,
        ["created_at"] = ManilaJson.Timestamp(message.CreatedAt),
        ["expires_at"] = ManilaJson.Timestamp(message.ExpiresAt),
        ["request_id"] = message.RequestId,
        ["links"] = Links.For(http, "messages", message.Id),
        ["resource_type"] = message.ResourceType,
        ["resource_id"] = message.ResourceId,
        ["user_message"] = message.UserMessage,
    };
}
