using ShareHost.Api.Auth;

namespace ShareHost.Features.Messages.GetMessage;

public static class GetMessageEndpoint
{
    public static RouteHandlerBuilder MapGetMessage(this IEndpointRouteBuilder app) =>
        app.MapGet("/v2/messages/{id}", async (string id, HttpContext http, RequestContext caller, MessageLookup lookup, CancellationToken cancellationToken) =>
            {
                var message = await lookup.VisibleAsync(id, caller, cancellationToken);
                return TypedResults.Ok(new Dictionary<string, object?> { ["message"] = MessageView.Render(http, message) });
            })
            .WithName("GetMessage")
            .WithSummary("Show a user message (2.37+); another project's message is not found.");
}
