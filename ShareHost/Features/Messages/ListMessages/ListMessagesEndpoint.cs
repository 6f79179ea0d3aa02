using ShareHost.Api.Auth;

namespace ShareHost.Features.Messages.ListMessages;

public static class ListMessagesEndpoint
{
    public static RouteHandlerBuilder MapListMessages(this IEndpointRouteBuilder app) =>
        app.MapGet("/v2/messages", async (HttpContext http, RequestContext caller, MessageRepository messages, CancellationToken cancellationToken) =>
            {
                var query = MessageListQuery.From(http, caller);
                var page = await messages.ListAsync(query, cancellationToken);
                return TypedResults.Ok(new Dictionary<string, object?> { ["messages"] = page.Select(m => MessageView.Render(http, m)).ToList() });
            })
            .WithName("ListMessages")
            .WithSummary("List user messages (2.37+): the caller's project, every project for admins. Filters: request_id, resource_type, " +
                "resource_id, action_id, detail_id, message_level; created_since, created_before (2.52+, ISO 8601); limit, offset, " +
                "sort_key, sort_dir (default created_at desc).");
}
