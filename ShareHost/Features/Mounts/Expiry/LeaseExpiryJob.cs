using Quartz;

namespace ShareHost.Features.Mounts.Expiry;

/// <summary>Expires mount leases that were not renewed in time (Jobs:LeaseExpirySeconds).</summary>
[DisallowConcurrentExecution]
public sealed class LeaseExpiryJob(LeaseExpiry expiry) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
        await expiry.SweepAsync(cancellationToken);
}
