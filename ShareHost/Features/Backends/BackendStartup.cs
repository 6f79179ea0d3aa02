using Dapper;
using Microsoft.Extensions.Options;
using ShareHost.Features.AvailabilityZones;
using ShareHost.Features.Operations;
using ShareHost.Features.Ownership;
using ShareHost.Persistence;
using ShareHost.Plugins;

namespace ShareHost.Features.Backends;

/// <summary>
/// Start-up, in order: database migrations, plugins, backends (each claimed through its ownership lease, then
/// initialised in parallel with a time limit: a backend another live process owns stays on standby, its driver not
/// started), re-adoption of every available share instance through its driver, the features' start-up hooks (access
/// rules left in flight are queued again), then the operations a previous run left unfinished. A broken plugin or
/// backend is reported and skipped; the host always comes up.
/// </summary>
public sealed class BackendStartup(
    MigrationRunner migrations,
    PluginCatalog plugins,
    BackendRegistry backends,
    AvailabilityZoneRepository zones,
    OwnershipService ownership,
    OperationRepository operations,
    OperationRunner runner,
    IEnumerable<IBackendStartupHook> hooks,
    SqliteConnectionFactory connections,
    IConfiguration configuration,
    IHostEnvironment environment,
    ILogger<BackendStartup> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await migrations.MigrateAsync(cancellationToken);
        plugins.LoadAll(Path.GetFullPath(configuration["Plugins:Path"] ?? "plugins", environment.ContentRootPath));
        await zones.EnsureAsync(backends.All.Select(b => b.Options.AvailabilityZone), cancellationToken);
        await LoadServiceSwitchesAsync(cancellationToken);

        // Claim, then initialise and re-adopt shares (and load mount leases) only where the claim succeeded.
        await Task.WhenAll(backends.All.Select(backend => ownership.StartAsync(backend, cancellationToken)));

        foreach (var hook in hooks)
        {
            await hook.AfterBackendsStartedAsync(cancellationToken);
        }

        var pending = await operations.PendingAsync(cancellationToken);
        foreach (var operation in pending)
        {
            runner.Enqueue(operation);
        }

        logger.LogInformation("ShareHost started: {Up}/{Total} backends up ({Standby} on standby), {Pending} unfinished operations resumed",
            backends.All.Count(b => b.IsUp), backends.All.Count, backends.All.Count(b => !b.Ownership.Owned), pending.Count);
    }

    /// <summary>
    /// Stops background operations before the container disposes the drivers, whatever order it disposes
    /// singletons in: an operation must be cancelled (and resume on the next start), never see a disposed driver.
    /// Operations stop first: one waiting on a feature's background work must see its own cancellation, not a failure.
    /// Then the backends' ownership leases are handed on, so a successor need not wait for them to expire.
    /// </summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await runner.StopAsync();
        await Task.WhenAll(hooks.Select(h => h.StopAsync()));
        await ownership.ReleaseAllAsync(cancellationToken);
    }

    private async Task LoadServiceSwitchesAsync(CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<(string Backend, bool Disabled, string? DisabledReason)>(new CommandDefinition(
            "SELECT backend, disabled, disabled_reason FROM services", cancellationToken: cancellationToken));
        foreach (var (name, disabled, reason) in rows)
        {
            backends.Find(name)?.SetDisabled(disabled, reason);
        }
    }
}
