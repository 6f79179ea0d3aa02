using Quartz;

namespace ShareHost.Features.Replicas.States;

/// <summary>Every <c>Replication:PollSeconds</c> (300 by default): the replica states of every replicated share.</summary>
[DisallowConcurrentExecution]
public sealed class ReplicaStatePollJob(ReplicaStateUpdater updater) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
        await updater.PollAllAsync(cancellationToken);
}
