using ShareHost.Api.Auth;

namespace ShareHost.Features.Messages.DeleteMessage;

public static class DeleteMessageEndpoint
{
    public static RouteHandlerBuilder MapDeleteMessage(this IEndpointRouteBuilder app) =>
        app.MapDelete("/v2/messages/{id}", async (string id, RequestContext caller, MessageLookup lookup, MessageRepository messages, CancellationToken cancellationToken) =>
            {
                var message = await lookup.VisibleAsync(id, caller, cancellationToken);
                await messages.DeleteAsync(message.Id, cancellationToken);
                return TypedResults.NoContent();
            })
            .RequireMember("message:delete")
            .WithName("DeleteMessage")
            .WithSummary("Delete a user message (2.37+, members and admins).");
}
