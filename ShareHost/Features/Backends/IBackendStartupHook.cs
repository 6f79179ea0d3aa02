namespace ShareHost.Features.Backends;

/// <summary>
/// Work a feature does when the host starts, after every backend is initialised and its shares re-adopted and
/// before unfinished operations resume (for example re-sending access rules a crash left in flight); and when it
/// stops, after operations are cancelled and before drivers are disposed.
/// </summary>
public interface IBackendStartupHook
{
    Task AfterBackendsStartedAsync(CancellationToken cancellationToken);

    Task StopAsync();
}
