using Quartz;

namespace ShareHost.Features.Messages;

/// <summary>Deletes user messages past their expiry (Manila's message reaper, every <c>Jobs:MessageReapSeconds</c>).</summary>
[DisallowConcurrentExecution]
public sealed class ReapExpiredMessagesJob(MessageRepository messages, ILogger<ReapExpiredMessagesJob> logger) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var reaped = await messages.DeleteExpiredAsync(cancellationToken);
        if (reaped > 0)
        {
            logger.LogInformation("Reaped {Count} expired user messages", reaped);
        }
    }
}
