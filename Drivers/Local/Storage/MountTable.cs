using System.Globalization;
using System.Text;

namespace ShareHost.Drivers.Local.Storage;

/// <summary>One line of /proc/self/mountinfo.</summary>
/// <param name="Root">The path inside the filesystem that is mounted (a btrfs subvolume's path, a bind mount's folder).</param>
/// <param name="MountPoint">Where it is mounted.</param>
/// <param name="Options">Per-mount options (<c>ro</c>, <c>rw</c> …).</param>
/// <param name="FileSystem">The filesystem type.</param>
/// <param name="Source">The device (for btrfs on a loop file, <c>/dev/loopN</c>).</param>
/// <param name="SuperOptions">Filesystem options; btrfs lists <c>subvolid=N</c> here.</param>
internal sealed record MountEntry(string Device, string Root, string MountPoint, string Options, string FileSystem, string Source, string SuperOptions)
{
    public bool ReadOnly => Options.Split(',').Contains("ro");

    public long? SubvolumeId =>
        SuperOptions.Split(',').FirstOrDefault(o => o.StartsWith("subvolid=", StringComparison.Ordinal)) is { } option
        && long.TryParse(option["subvolid=".Length..], CultureInfo.InvariantCulture, out var id) ? id : null;
}

/// <summary>The kernel's mount table, read fresh on each call (it is small and changes behind our back).</summary>
internal static class MountTable
{
    public static IReadOnlyList<MountEntry> Read() => Parse(File.ReadAllLines("/proc/self/mountinfo"));

    public static IReadOnlyList<MountEntry> Parse(IEnumerable<string> lines)
    {
        var entries = new List<MountEntry>();
        foreach (var line in lines)
        {
            var fields = line.Split(' ');
            var separator = Array.IndexOf(fields, "-");
            if (fields.Length < 10 || separator < 6 || fields.Length < separator + 4)
            {
                continue;
            }

            entries.Add(new MountEntry(
                fields[2], Unescape(fields[3]), Unescape(fields[4]), fields[5],
                fields[separator + 1], Unescape(fields[separator + 2]), fields[separator + 3]));
        }

        return entries;
    }

    /// <summary>The mount at exactly <paramref name="mountPoint"/> (the last one, if several are stacked).</summary>
    public static MountEntry? At(string mountPoint) => Read().LastOrDefault(m => m.MountPoint == Normalize(mountPoint));

    /// <summary>The mount a path lives on: the longest mount point that contains it.</summary>
    public static MountEntry? Containing(string path)
    {
        var full = Normalize(path);
        return Read()
            .Where(m => full == m.MountPoint || full.StartsWith(m.MountPoint.TrimEnd('/') + "/", StringComparison.Ordinal))
            .OrderBy(m => m.MountPoint.Length)
            .LastOrDefault();
    }

    /// <summary>Every mount at or below <paramref name="folder"/>.</summary>
    public static IReadOnlyList<MountEntry> Below(string folder)
    {
        var full = Normalize(folder);
        return Read().Where(m => m.MountPoint == full || m.MountPoint.StartsWith(full + "/", StringComparison.Ordinal)).ToList();
    }

    public static string Normalize(string path) => Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));

    /// <summary>mountinfo escapes space, tab, newline and backslash as three octal digits.</summary>
    private static string Unescape(string field)
    {
        if (!field.Contains('\\', StringComparison.Ordinal))
        {
            return field;
        }

        var text = new StringBuilder();
        for (var i = 0; i < field.Length; i++)
        {
            if (field[i] == '\\' && i + 3 < field.Length
                && int.TryParse(field.AsSpan(i + 1, 3), NumberStyles.None, CultureInfo.InvariantCulture, out _))
            {
                text.Append((char)Convert.ToInt32(field.Substring(i + 1, 3), 8));
                i += 3;
            }
            else
            {
                text.Append(field[i]);
            }
        }

        return text.ToString();
    }
}
