using System.Globalization;
using ShareHost.Drivers.Local.Processes;

namespace ShareHost.Drivers.Local.Storage;

/// <summary>
/// A plain folder on any filesystem: shares are folders, bind-mounted for export. No size limits (a share can
/// fill the filesystem) and no snapshots; the pool reports neither.
/// </summary>
internal sealed class DirectoryPool(LocalPoolOptions options) : Pool(options)
{
    public override string Kind => "directory";

    public override bool SupportsSnapshots => false;

    public override bool SupportsLimits => false;

    public override Task CreateAsync(string path, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(path);
        return Task.CompletedTask;
    }

    public override Task DeleteAsync(string path, CancellationToken cancellationToken)
    {
        if (Directory.Exists(path))
        {
            Directory.Delete(path, recursive: true);
        }

        return Task.CompletedTask;
    }

    public override Task SetLimitAsync(string path, long bytes, CancellationToken cancellationToken) => Task.CompletedTask;

    public override async Task<long> UsedBytesAsync(string path, CancellationToken cancellationToken)
    {
        var du = (await Command.RunAsync("du", ["-s", "-B1", path], cancellationToken)).EnsureSuccess("The backend could not measure the share.");
        return long.Parse(du.Output.Split('\t', 2)[0], CultureInfo.InvariantCulture);
    }

    public override Task<(double TotalBytes, double FreeBytes)> CapacityAsync(CancellationToken cancellationToken)
    {
        var drive = new DriveInfo(Path);
        return Task.FromResult(((double)drive.TotalSize, (double)drive.AvailableFreeSpace));
    }

    public override async Task MountAsync(string path, string mountPoint, bool readOnly, CancellationToken cancellationToken) =>
        (await Command.RunAsync("mount", readOnly ? ["--bind", "-o", "ro", path, mountPoint] : ["--bind", path, mountPoint], cancellationToken))
            .EnsureSuccess("The backend could not mount the share for export.");
}
