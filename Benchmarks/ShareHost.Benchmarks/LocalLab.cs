using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.Versioning;

namespace ShareHost.Benchmarks;

/// <summary>
/// A btrfs pool on a loop file and the two libnfs helper clients, made for the local scenario and taken down after
/// it (unmount, detach the loop device, delete the folder) whatever happened.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class LocalLab : IAsyncDisposable
{
    private string? _loop;

    private LocalLab(string root) => Root = root;

    public string Root { get; }

    public string Pool => Path.Combine(Root, "pool");

    public string NfsPut => Path.Combine(Root, "nfs-put");

    public string NfsMounts => Path.Combine(Root, "nfs-mounts");

    public static async Task<LocalLab> CreateAsync(string size)
    {
        if (!Environment.IsPrivilegedProcess)
        {
            throw new InvalidOperationException("the local scenario needs root (loop devices, btrfs, ganesha.nfsd)");
        }

        var lab = new LocalLab(Path.Combine(Path.GetTempPath(), "sharehost-bench-local", Guid.NewGuid().ToString("N")[..8]));
        try
        {
            Directory.CreateDirectory(lab.Pool);
            var image = Path.Combine(lab.Root, "pool.img");
            await RunAsync("truncate", "-s", size, image);
            await RunAsync("mkfs.btrfs", "-q", image);
            lab._loop = (await RunAsync("losetup", "--find", "--show", image)).Trim();
            await RunAsync("mount", "-t", "btrfs", lab._loop, lab.Pool);
            var sources = Path.Combine(AppContext.BaseDirectory, "Local");
            await RunAsync("gcc", "-O2", "-o", lab.NfsPut, Path.Combine(sources, "nfsput.c"), "-l:libnfs.so.13");
            await RunAsync("gcc", "-O2", "-o", lab.NfsMounts, Path.Combine(sources, "nfsmounts.c"), "-l:libnfs.so.13");
        }
        catch
        {
            await lab.DisposeAsync();
            throw;
        }

        return lab;
    }

    public static int FreePort(params string[] addresses)
    {
        for (var attempt = 0; ; attempt++)
        {
            var port = Random.Shared.Next(20000, 40000);
            var listeners = new List<TcpListener>();
            try
            {
                foreach (var address in addresses)
                {
                    var listener = new TcpListener(IPAddress.Parse(address), port);
                    listener.Start();
                    listeners.Add(listener);
                }

                return port;
            }
            catch (SocketException) when (attempt < 200)
            {
            }
            finally
            {
                listeners.ForEach(l => l.Stop());
            }
        }
    }

    public static async Task<string> RunAsync(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} failed: {await error}");
        }

        return await output;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var mount in File.ReadAllLines("/proc/self/mountinfo").Select(l => l.Split(' ')[4])
                     .Where(m => m.StartsWith(Root, StringComparison.Ordinal)).OrderByDescending(m => m.Length))
        {
            await Process.Start("umount", ["-l", mount]).WaitForExitAsync();
        }

        if (_loop is not null)
        {
            await Process.Start("losetup", ["-d", _loop]).WaitForExitAsync();
        }

        await Process.Start("chattr", ["-R", "-f", "-i", Root]).WaitForExitAsync();
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
