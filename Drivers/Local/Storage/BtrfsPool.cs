using System.Globalization;
using System.Text.RegularExpressions;
using ShareHost.Abstractions;
using ShareHost.Drivers.Local.Processes;

namespace ShareHost.Drivers.Local.Storage;

/// <summary>
/// A btrfs filesystem: a share is a subvolume whose qgroup limits what it references to the share's size;
/// snapshots are read-only snapshot subvolumes. Subvolumes cannot be exported by their path under the pool, so
/// each is mounted on its own (<c>subvolid=</c>) and that mount is exported.
/// </summary>
internal sealed partial class BtrfsPool(LocalPoolOptions options) : Pool(options)
{
    public override string Kind => "btrfs";

    public override bool SupportsSnapshots => true;

    public override bool SupportsLimits => true;

    public override async Task PrepareAsync(CancellationToken cancellationToken)
    {
        if (!Directory.Exists(Path))
        {
            throw Down($"pool '{Name}': {Path} does not exist");
        }

        var mount = MountTable.Containing(Path);
        if (mount is null || mount.FileSystem != "btrfs")
        {
            throw Down($"pool '{Name}': {Path} is not on a btrfs filesystem (it is on {mount?.FileSystem ?? "nothing mounted"}); mount one there or use a pool of type 'directory'");
        }

        await base.PrepareAsync(cancellationToken);
        var quota = await RunAsync("btrfs", ["qgroup", "show", Path], cancellationToken);
        if (!quota.Succeeded)
        {
            // Quotas make qgroup limits (share sizes) work; the first rescan is quick on a new pool.
            (await RunAsync("btrfs", ["quota", "enable", Path], cancellationToken))
                .EnsureSuccess($"Pool '{Name}': btrfs quotas could not be enabled.");
            await RunAsync("btrfs", ["quota", "rescan", "-w", Path], cancellationToken);
        }
    }

    public override async Task CreateAsync(string path, CancellationToken cancellationToken)
    {
        if (await IsSubvolumeAsync(path, cancellationToken))
        {
            return;
        }

        if (Directory.Exists(path))
        {
            // A plain folder where a subvolume belongs: only a crash mid-way could leave one, and only empty.
            Directory.Delete(path);
        }

        (await RunAsync("btrfs", ["subvolume", "create", path], cancellationToken))
            .EnsureSuccess("The backend could not create the share's subvolume.");
    }

    public override async Task DeleteAsync(string path, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(path))
        {
            return;
        }

        if (!await IsSubvolumeAsync(path, cancellationToken))
        {
            Directory.Delete(path, recursive: true);
            return;
        }

        var deleted = await RunAsync("btrfs", ["subvolume", "delete", path], cancellationToken);
        if (!deleted.Succeeded && Directory.Exists(path))
        {
            deleted.EnsureSuccess("The backend could not delete the subvolume.");
        }
    }

    public override async Task SetLimitAsync(string path, long bytes, CancellationToken cancellationToken) =>
        (await RunAsync("btrfs", ["qgroup", "limit", bytes.ToString(CultureInfo.InvariantCulture), path], cancellationToken))
            .EnsureSuccess("The backend could not set the share's size limit.");

    /// <summary>What the subvolume references (shared extents included: that is what its limit counts), after a commit.</summary>
    public override async Task<long> UsedBytesAsync(string path, CancellationToken cancellationToken)
    {
        await RunAsync("btrfs", ["filesystem", "sync", path], cancellationToken);
        var id = await SubvolumeIdAsync(path, cancellationToken);
        var show = (await RunAsync("btrfs", ["qgroup", "show", "--raw", "-f", path], cancellationToken))
            .EnsureSuccess("The backend could not read the share's usage.");
        var line = show.Output.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith($"0/{id} ", StringComparison.Ordinal))
            ?? throw new ShareDriverException($"no qgroup 0/{id} for {path}: {show.Output}") { UserMessage = "The backend could not read the share's usage." };
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
    }

    public override async Task<(double TotalBytes, double FreeBytes)> CapacityAsync(CancellationToken cancellationToken)
    {
        var usage = (await RunAsync("btrfs", ["filesystem", "usage", "-b", Path], cancellationToken))
            .EnsureSuccess($"Pool '{Name}': btrfs could not report its usage.");
        var total = UsageField().Matches(usage.Output).FirstOrDefault(m => m.Groups[1].Value == "Device size");
        var free = UsageField().Matches(usage.Output).FirstOrDefault(m => m.Groups[1].Value == "Free (estimated)");
        if (total is null || free is null)
        {
            throw new ShareDriverException($"unexpected 'btrfs filesystem usage' output: {usage.Output}") { UserMessage = $"Pool '{Name}' could not report its capacity." };
        }

        return (double.Parse(total.Groups[2].Value, CultureInfo.InvariantCulture), double.Parse(free.Groups[2].Value, CultureInfo.InvariantCulture));
    }

    public override async Task MountAsync(string path, string mountPoint, bool readOnly, CancellationToken cancellationToken)
    {
        var device = MountTable.Containing(Path)?.Source
            ?? throw new ShareDriverException($"pool '{Name}' is not mounted") { UserMessage = $"Pool '{Name}' is not mounted." };
        var id = await SubvolumeIdAsync(path, cancellationToken);
        var options = $"subvolid={id}" + (readOnly ? ",ro" : "");
        (await RunAsync("mount", ["-t", "btrfs", "-o", options, device, mountPoint], cancellationToken))
            .EnsureSuccess("The backend could not mount the share for export.");
    }

    public override async Task SnapshotAsync(string source, string target, bool readOnly, CancellationToken cancellationToken)
    {
        if (await IsSubvolumeAsync(target, cancellationToken))
        {
            return;
        }

        (await RunAsync("btrfs", readOnly ? ["subvolume", "snapshot", "-r", source, target] : ["subvolume", "snapshot", source, target], cancellationToken))
            .EnsureSuccess("The backend could not take the snapshot.");
    }

    public override Task TidyAsync(CancellationToken cancellationToken) =>
        RunAsync("btrfs", ["qgroup", "clear-stale", Path], cancellationToken);

    public static async Task<long> SubvolumeIdAsync(string path, CancellationToken cancellationToken)
    {
        var result = (await Command.RunAsync("btrfs", ["inspect-internal", "rootid", path], cancellationToken))
            .EnsureSuccess("The backend could not find the share's subvolume.");
        return long.Parse(result.Output.Trim(), CultureInfo.InvariantCulture);
    }

    /// <summary>Whether a subvolume is read-only (a received one becomes so only once btrfs receive finished it).</summary>
    public static async Task<bool> IsReadOnlyAsync(string path, CancellationToken cancellationToken) =>
        (await Command.RunAsync("btrfs", ["property", "get", "-ts", path, "ro"], cancellationToken)).Output.Trim() == "ro=true";

    /// <summary>The fields of <c>btrfs subvolume show</c> (<c>UUID</c>, <c>Parent UUID</c>, <c>Generation</c>, <c>Gen at creation</c> …).</summary>
    public static async Task<IReadOnlyDictionary<string, string>> ShowAsync(string path, CancellationToken cancellationToken)
    {
        var show = (await Command.RunAsync("btrfs", ["subvolume", "show", path], cancellationToken))
            .EnsureSuccess("The backend could not inspect a subvolume.");
        return ShowField().Matches(show.Output)
            .GroupBy(m => m.Groups[1].Value)
            .ToDictionary(g => g.Key, g => g.First().Groups[2].Value.Trim(), StringComparer.Ordinal);
    }

    /// <summary>A subvolume's root directory always has inode 256.</summary>
    public static async Task<bool> IsSubvolumeAsync(string path, CancellationToken cancellationToken) =>
        Directory.Exists(path) && (await Command.RunAsync("stat", ["-c", "%i", path], cancellationToken)).Output.Trim() == "256";

    [GeneratedRegex(@"^\t([A-Za-z ]+):[ \t]*(.*)$", RegexOptions.Multiline)]
    private static partial Regex ShowField();

    [GeneratedRegex(@"^\s*([A-Za-z ()]+?):\s+(\d+)", RegexOptions.Multiline)]
    private static partial Regex UsageField();
}
