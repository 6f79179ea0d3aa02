using ShareHost.Abstractions;
using ShareHost.Drivers.Local.Processes;

namespace ShareHost.Drivers.Local.Storage;

/// <summary>
/// A place shares live: <c>&lt;path&gt;/shares/&lt;name&gt;</c>, and for pools that can snapshot,
/// <c>&lt;path&gt;/snapshots/&lt;name&gt;</c>. Every change is idempotent: the host repeats calls after a crash.
/// </summary>
internal abstract class Pool(LocalPoolOptions options)
{
    public string Name { get; } = options.Name;

    public string Path { get; } = MountTable.Normalize(options.Path);

    public LocalPoolOptions Options { get; } = options;

    public abstract string Kind { get; }

    public abstract bool SupportsSnapshots { get; }

    public abstract bool SupportsLimits { get; }

    public string SharePath(string name) => System.IO.Path.Combine(Path, "shares", name);

    public string SnapshotPath(string name) => System.IO.Path.Combine(Path, "snapshots", name);

    /// <summary>Identifies the filesystem: two pools on the same one can snapshot into each other.</summary>
    public string? FileSystemId => MountTable.Containing(Path)?.Device;

    /// <summary>Checks the path is usable for this kind of pool and creates the folders; throws with the reason otherwise.</summary>
    public virtual Task PrepareAsync(CancellationToken cancellationToken)
    {
        if (!Directory.Exists(Path))
        {
            throw Down($"pool '{Name}': {Path} does not exist");
        }

        Directory.CreateDirectory(System.IO.Path.Combine(Path, "shares"));
        if (SupportsSnapshots)
        {
            Directory.CreateDirectory(System.IO.Path.Combine(Path, "snapshots"));
        }

        return Task.CompletedTask;
    }

    public abstract Task CreateAsync(string path, CancellationToken cancellationToken);

    public abstract Task DeleteAsync(string path, CancellationToken cancellationToken);

    /// <summary>Sets the share's size limit in bytes (no-op where the pool has none).</summary>
    public abstract Task SetLimitAsync(string path, long bytes, CancellationToken cancellationToken);

    /// <summary>Bytes the share holds (what a shrink must leave room for).</summary>
    public abstract Task<long> UsedBytesAsync(string path, CancellationToken cancellationToken);

    public abstract Task<(double TotalBytes, double FreeBytes)> CapacityAsync(CancellationToken cancellationToken);

    /// <summary>Mounts the share or snapshot at <paramref name="mountPoint"/> (the exports point there).</summary>
    public abstract Task MountAsync(string path, string mountPoint, bool readOnly, CancellationToken cancellationToken);

    /// <summary>A snapshot of <paramref name="source"/> at <paramref name="target"/>, read-only or writable.</summary>
    public virtual Task SnapshotAsync(string source, string target, bool readOnly, CancellationToken cancellationToken) =>
        throw new NotSupportedException($"pool '{Name}' cannot take snapshots");

    /// <summary>Periodic tidying (btrfs: qgroups of deleted subvolumes).</summary>
    public virtual Task TidyAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    protected static ShareDriverException Down(string reason) => new(reason);

    protected static Task<CommandResult> RunAsync(string file, IEnumerable<string> arguments, CancellationToken cancellationToken) =>
        Command.RunAsync(file, arguments, cancellationToken);
}
