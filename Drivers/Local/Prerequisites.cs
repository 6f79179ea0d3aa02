using ShareHost.Abstractions;
using ShareHost.Drivers.Local.Processes;

namespace ShareHost.Drivers.Local;

/// <summary>What must be on the machine before the backend can serve; missing pieces are named with their Debian package.</summary>
internal static class Prerequisites
{
    private static readonly Dictionary<string, string> Packages = new()
    {
        ["btrfs"] = "btrfs-progs",
        ["ganesha.nfsd"] = "nfs-ganesha",
        ["dbus-daemon"] = "dbus",
        ["dbus-send"] = "dbus",
        ["smbd"] = "samba",
        ["smbcontrol"] = "samba",
        ["smbpasswd"] = "samba",
        ["useradd"] = "passwd",
        ["userdel"] = "passwd",
        ["getent"] = "libc-bin",
        ["mount"] = "mount",
        ["umount"] = "mount",
        ["setsid"] = "util-linux",
        ["stat"] = "coreutils",
        ["du"] = "coreutils",
        ["chattr"] = "e2fsprogs",
        ["rsync"] = "rsync",
        ["bash"] = "bash",
    };

    /// <summary>Ganesha loads its VFS backend from here; the nfs-ganesha package alone lacks it.</summary>
    private static readonly string[] VfsFsalPatterns = ["/usr/lib/*/ganesha/libfsalvfs.so", "/usr/lib/ganesha/libfsalvfs.so", "/usr/lib64/ganesha/libfsalvfs.so"];

    public static void Check(bool btrfs, bool nfs, bool cifs) => Check(btrfs, nfs, cifs, Machine.This);

    /// <summary>The check against <paramref name="machine"/>: tests ask it about a machine without root or without a program.</summary>
    public static void Check(bool btrfs, bool nfs, bool cifs, Machine machine)
    {
        if (!machine.IsRoot)
        {
            throw new ShareDriverException(
                "the Local driver must run as root: it mounts subvolumes, runs ganesha.nfsd and smbd, and manages CIFS accounts");
        }

        var tools = new List<string> { "mount", "umount", "setsid", "stat", "du", "chattr", "rsync" };
        if (btrfs)
        {
            tools.AddRange(["btrfs", "bash"]);
        }

        if (nfs)
        {
            tools.AddRange(["ganesha.nfsd", "dbus-daemon", "dbus-send"]);
        }

        if (cifs)
        {
            tools.AddRange(["smbd", "smbcontrol", "smbpasswd", "useradd", "userdel", "getent"]);
        }

        var missing = tools.Where(t => machine.Resolve(t) is null).Distinct()
            .Select(t => $"{t} (package {Packages.GetValueOrDefault(t, "?")})").ToList();
        if (nfs && machine.Resolve("ganesha.nfsd") is not null && !machine.HasVfsFsal())
        {
            missing.Add("Ganesha's VFS backend libfsalvfs.so (package nfs-ganesha-vfs)");
        }

        if (missing.Count > 0)
        {
            throw new ShareDriverException($"missing prerequisites: {string.Join(", ", missing)}");
        }
    }

    /// <summary>What the check looks at: whether the process is root, where a program is, whether Ganesha's VFS backend is installed.</summary>
    internal sealed record Machine(bool IsRoot, Func<string, string?> Resolve, Func<bool> HasVfsFsal)
    {
        public static Machine This { get; } = new(Environment.IsPrivilegedProcess, Tools.Resolve, Prerequisites.HasVfsFsal);
    }

    private static bool HasVfsFsal() => VfsFsalPatterns.Any(pattern =>
    {
        var star = pattern.IndexOf('*', StringComparison.Ordinal);
        if (star < 0)
        {
            return File.Exists(pattern);
        }

        var parent = Path.GetDirectoryName(pattern[..star])!;
        var rest = pattern[(star + 2)..];
        return Directory.Exists(parent) && Directory.EnumerateDirectories(parent).Any(d => File.Exists(Path.Combine(d, rest)));
    });
}
