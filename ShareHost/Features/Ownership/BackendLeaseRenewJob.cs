using Quartz;

namespace ShareHost.Features.Ownership;

/// <summary>Renews this process's backend ownership leases and takes over expired ones (Jobs:BackendLeaseRenewSeconds).</summary>
[DisallowConcurrentExecution]
public sealed class BackendLeaseRenewJob(OwnershipService ownership) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
        await ownership.RenewAsync(cancellationToken);
}
