namespace ShareHost.Drivers.Local.Tests.Lab;

/// <summary>
/// Loop devices for the lab's btrfs pools, also where nothing makes their /dev nodes (no udev: containers, minimal
/// CI machines): the kernel hands out a free device through /dev/loop-control, and its node is made here when
/// missing. Every step is a program with a time limit, so a machine without loop support fails with the reason.
/// </summary>
public static class LoopDevices
{
    private const string Control = "/dev/loop-control";

    /// <summary>Null when loop devices can be attached; otherwise what is missing.</summary>
    public static async Task<string?> ProblemAsync()
    {
        if (File.Exists(Control))
        {
            return null;
        }

        // A kernel with loop as a module that nobody loaded yet; harmless where it is built in or cannot load.
        if (LocalLab.Which("modprobe") is not null)
        {
            await Run.ProgramAsync("modprobe", ["loop"], timeout: TimeSpan.FromSeconds(20));
        }

        if (!File.Exists(Control) && MiscMinor("loop-control") is { } minor)
        {
            await Run.ProgramAsync("mknod", ["-m", "0600", Control, "c", "10", minor]);
        }

        return File.Exists(Control)
            ? null
            : $"loop devices: {Control} is missing and the kernel offers none (no loop-control in /proc/misc; `modprobe loop` failed or is not installed)";
    }

    /// <summary>Attaches <paramref name="image"/> to a free loop device and returns the device's path.</summary>
    public static async Task<string> AttachAsync(string image)
    {
        var problems = new List<string>();
        for (var attempt = 0; attempt < 5; attempt++)
        {
            // Asks loop-control, which adds a free device to the kernel if none is left.
            var free = await Run.ProgramAsync("losetup", ["--find"], timeout: TimeSpan.FromSeconds(20));
            var device = free.Output.Trim();
            if (!free.Succeeded || !device.StartsWith("/dev/loop", StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"no free loop device for {image}: {free.All}");
            }

            if (!File.Exists(device))
            {
                await Run.CheckedAsync("mknod", "-m", "0600", device, "b", "7", device["/dev/loop".Length..]);
            }

            var attach = await Run.ProgramAsync("losetup", [device, image], timeout: TimeSpan.FromSeconds(20));
            if (attach.Succeeded)
            {
                return device;
            }

            // Another process took the device between the two calls: ask again.
            problems.Add($"{device}: {attach.All}");
        }

        throw new InvalidOperationException($"could not attach {image} to a loop device: {string.Join("; ", problems)}");
    }

    /// <summary>The minor number of a misc device the kernel offers, from /proc/misc ("237 loop-control").</summary>
    private static string? MiscMinor(string name) =>
        File.Exists("/proc/misc")
            ? File.ReadAllLines("/proc/misc").Select(l => l.Trim().Split(' ', 2)).FirstOrDefault(f => f.Length == 2 && f[1] == name)?[0]
            : null;
}
