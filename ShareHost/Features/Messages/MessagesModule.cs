using ShareHost.Api;
using ShareHost.Api.Versioning;
using ShareHost.Features.Messages.DeleteMessage;
using ShareHost.Features.Messages.GetMessage;
using ShareHost.Features.Messages.ListMessages;

namespace ShareHost.Features.Messages;

public static class MessagesModule
{
    public static IServiceCollection AddMessages(this IServiceCollection services)
    {
        services.AddSingleton<MessageRepository>();
        services.AddSingleton<MessageLookup>();
        return services;
    }

    /// <summary>User messages, from microversion 2.37.</summary>
    public static IEndpointRouteBuilder MapMessages(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("").MinVersion("2.37").MapApiGroup("Messages");
        group.MapListMessages();
        group.MapGetMessage();
        group.MapDeleteMessage();
        return app;
    }
}
