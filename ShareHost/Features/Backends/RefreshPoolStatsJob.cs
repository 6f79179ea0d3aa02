using Quartz;

namespace ShareHost.Features.Backends;

/// <summary>
/// Refreshes every backend's pools and capabilities (Manila's _report_driver_status). A backend that was down
/// gets another initialisation attempt, and when it comes up its shares are re-adopted.
/// </summary>
[DisallowConcurrentExecution]
public sealed class RefreshPoolStatsJob(BackendRegistry backends, ShareReconciler reconciler) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
        await Task.WhenAll(backends.All.Select(async backend =>
        {
            var hadDriver = backend.Driver is not null;
            await backends.RefreshStatsAsync(backend, cancellationToken);
            if (!hadDriver && backend.IsUp)
            {
                await reconciler.EnsureAsync(backend, cancellationToken);
            }
        }));
}
