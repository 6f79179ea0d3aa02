using ShareHost.Api.Auth;
using ShareHost.Api.Errors;

namespace ShareHost.Features.Messages;

/// <summary>A message is visible to its project and to admins; to anyone else it does not exist.</summary>
public sealed class MessageLookup(MessageRepository messages)
{
    public async Task<Message> VisibleAsync(string id, RequestContext caller, CancellationToken cancellationToken)
    {
        var message = await messages.FindAsync(id, cancellationToken);
        if (message is null || message.ExpiresAt <= DateTime.UtcNow || !caller.CanSee(message.ProjectId))
        {
            throw new NotFoundException($"Message {id} could not be found.");
        }

        return message;
    }
}
