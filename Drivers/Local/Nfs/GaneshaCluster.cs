using Microsoft.Extensions.Logging;
using ShareHost.Abstractions;
using ShareHost.Drivers.Local.Processes;

namespace ShareHost.Drivers.Local.Nfs;

/// <summary>
/// Every Ganesha instance of a backend, one per export address, all exporting every share (the mount call picks
/// the address). exports.d is the source of truth: a change is written there first (to a temp file outside the
/// folder, then renamed in, so no instance ever reads half a file), then applied live on each running instance.
/// </summary>
internal sealed class GaneshaCluster : IAsyncDisposable
{
    private readonly Dictionary<string, NfsExport> _exports = [];
    private readonly Lock _lock = new();
    private readonly ILogger _logger;

    public GaneshaCluster(string root, IReadOnlyList<string> addresses, int port, string logLevel, TimeSpan startTimeout, TimeSpan stopGrace, ILogger logger)
    {
        _logger = logger;
        Settings = new GaneshaSettings(root, Path.Combine(root, "exports.d"), port, logLevel, startTimeout, stopGrace);
        StagingDirectory = Path.Combine(root, "staging");
        Instances = addresses.Select(a => new GaneshaInstance(a, Settings, Snapshot, logger)).ToList();
    }

    public GaneshaSettings Settings { get; }

    public string StagingDirectory { get; }

    public IReadOnlyList<GaneshaInstance> Instances { get; }

    public GaneshaInstance? Find(string address) => Instances.FirstOrDefault(i => i.Address == address);

    /// <summary>
    /// Replaces exports.d with exactly <paramref name="exports"/> (before the instances start, so each reads the
    /// current set), then starts every instance.
    /// </summary>
    public async Task StartAsync(IEnumerable<NfsExport> exports, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Settings.ExportsDirectory);
        Directory.CreateDirectory(StagingDirectory);
        var wanted = exports.ToList();
        foreach (var export in wanted)
        {
            await WriteAsync(export, cancellationToken);
        }

        var names = wanted.Select(e => e.Name + ".conf").ToHashSet();
        foreach (var file in Directory.EnumerateFiles(Settings.ExportsDirectory).Where(f => !names.Contains(Path.GetFileName(f))))
        {
            File.Delete(file);
        }

        await Task.WhenAll(Instances.Select(i => i.StartAsync(cancellationToken)));
    }

    /// <summary>Writes the export's file and adds or updates it on every running instance.</summary>
    public async Task ApplyAsync(NfsExport export, CancellationToken cancellationToken)
    {
        await WriteAsync(export, cancellationToken);
        await ForEachInstanceAsync(i => i.ApplyAsync(export, Settings.FileOf(export), cancellationToken), $"export {export.Name}");
    }

    /// <summary>Removes the export's file and the live export everywhere; a missing one counts as removed.</summary>
    public async Task RemoveAsync(string name, int exportId, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            _exports.Remove(name);
        }

        Files.Delete(Path.Combine(Settings.ExportsDirectory, name + ".conf"));
        await ForEachInstanceAsync(i => i.RemoveAsync(exportId, cancellationToken), $"unexport {name}");
    }

    /// <summary>Stops every instance at once (each takes about two seconds to stop).</summary>
    public async ValueTask DisposeAsync() => await Task.WhenAll(Instances.Select(i => i.DisposeAsync().AsTask()));

    private List<NfsExport> Snapshot()
    {
        lock (_lock)
        {
            return _exports.Values.ToList();
        }
    }

    private async Task WriteAsync(NfsExport export, CancellationToken cancellationToken)
    {
        var text = GaneshaConfig.Export(export);
        var staged = Path.Combine(StagingDirectory, export.Name + ".conf.tmp");
        await File.WriteAllTextAsync(staged, text, cancellationToken);
        File.Move(staged, Settings.FileOf(export), overwrite: true);
        lock (_lock)
        {
            _exports[export.Name] = export;
        }
    }

    private async Task ForEachInstanceAsync(Func<GaneshaInstance, Task> action, string what)
    {
        var failures = new List<string>();
        await Task.WhenAll(Instances.Select(async instance =>
        {
            try
            {
                await action(instance);
            }
            catch (ShareDriverException e)
            {
                _logger.LogError("{Service}: could not {What}: {Reason}", instance.Name, what, e.Message);
                lock (failures)
                {
                    failures.Add($"{instance.Name}: {e.Message}");
                }
            }
        }));

        if (failures.Count > 0)
        {
            throw new ShareDriverException($"Ganesha could not {what}: {string.Join("; ", failures)}")
            {
                UserMessage = "The NFS server refused the export change.",
            };
        }
    }
}
