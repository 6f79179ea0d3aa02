using Microsoft.Extensions.Logging;
using ShareHost.Drivers.Local.Processes;

namespace ShareHost.Drivers.Local.Storage;

/// <summary>
/// The mount points exports point at, one per share or snapshot under the mount root. An empty mount point is
/// made immutable, so an export that outlives its mount (a daemon started before a remount) cannot take writes
/// into the wrong filesystem.
/// </summary>
internal sealed class ExportMounts(string root, ILogger logger)
{
    public string Root { get; } = MountTable.Normalize(root);

    public string PathOf(string name) => Path.Combine(Root, name);

    /// <summary>Mounts <paramref name="source"/> at the item's mount point unless that exact tree is already there.</summary>
    public async Task EnsureAsync(Pool pool, string source, string name, bool readOnly, CancellationToken cancellationToken)
    {
        var mountPoint = PathOf(name);
        if (await IsMountedAsync(source, mountPoint, readOnly, cancellationToken))
        {
            return;
        }

        if (MountTable.At(mountPoint) is not null)
        {
            // Something else is mounted there (the subvolume a revert replaced): take it off first.
            await UnmountAsync(name, cancellationToken);
        }

        if (!Directory.Exists(mountPoint))
        {
            Directory.CreateDirectory(Root);
            Directory.CreateDirectory(mountPoint);
            await Command.RunAsync("chattr", ["+i", mountPoint], cancellationToken);
        }

        await pool.MountAsync(source, mountPoint, readOnly, cancellationToken);
    }

    /// <summary>Whether the mount point shows <paramref name="source"/> itself (same device and inode), mounted as asked.</summary>
    public static async Task<bool> IsMountedAsync(string source, string mountPoint, bool readOnly, CancellationToken cancellationToken)
    {
        var mount = MountTable.At(mountPoint);
        if (mount is null || mount.ReadOnly != readOnly || !Directory.Exists(source))
        {
            return false;
        }

        var stat = await Command.RunAsync("stat", ["-c", "%d:%i", source, mountPoint], cancellationToken);
        var lines = stat.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        return stat.Succeeded && lines.Length == 2 && lines[0] == lines[1];
    }

    /// <summary>Unmounts (waiting briefly for a daemon to let go, then detaching lazily) and removes the mount point.</summary>
    public async Task RemoveAsync(string name, CancellationToken cancellationToken)
    {
        await UnmountAsync(name, cancellationToken);
        var mountPoint = PathOf(name);
        if (Directory.Exists(mountPoint) && MountTable.At(mountPoint) is null)
        {
            await Command.RunAsync("chattr", ["-i", mountPoint], cancellationToken);
            Directory.Delete(mountPoint);
        }
    }

    public async Task UnmountAsync(string name, CancellationToken cancellationToken)
    {
        var mountPoint = PathOf(name);
        for (var attempt = 0; MountTable.At(mountPoint) is not null; attempt++)
        {
            var result = await Command.RunAsync("umount", [mountPoint], cancellationToken);
            if (result.Succeeded)
            {
                continue;
            }

            if (attempt >= 20)
            {
                // Still busy after ~2 s (a client holding a file open): detach it from the tree now; the kernel
                // finishes once the last user lets go.
                logger.LogWarning("Mount {MountPoint} is busy ({Reason}); detaching it lazily", mountPoint, result.Message);
                (await Command.RunAsync("umount", ["-l", mountPoint], cancellationToken)).EnsureSuccess("The backend could not unmount a share.");
                continue;
            }

            await Task.Delay(100, cancellationToken);
        }
    }

    /// <summary>
    /// At shutdown: every mount under the root comes off and the mount points go (the next start makes them again),
    /// so nothing of a stopped backend is left mounted, and its state folder can be deleted like any other.
    /// </summary>
    public async Task RemoveAllAsync(CancellationToken cancellationToken)
    {
        foreach (var mount in MountTable.Below(Root).OrderByDescending(m => m.MountPoint.Length))
        {
            if (mount.MountPoint != Root)
            {
                await UnmountAsync(Path.GetFileName(mount.MountPoint), cancellationToken);
            }
        }

        if (Directory.Exists(Root))
        {
            foreach (var mountPoint in Directory.EnumerateDirectories(Root))
            {
                await RemoveAsync(Path.GetFileName(mountPoint), cancellationToken);
            }
        }
    }
}
