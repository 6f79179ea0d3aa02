using ShareHost.Drivers.Local.Tests.Lab;

namespace ShareHost.Drivers.Local.Tests.EndToEnd;

/// <summary>Host settings with one Local backend, <c>local1</c> in zone az1, on the lab's pools (no Dummy backends).</summary>
public static class LocalHostSettings
{
    public const string Backend = "local1";

    public static Dictionary<string, string?> For(Dictionary<string, string?>? driverOptions = null)
    {
        var settings = new Dictionary<string, string?>
        {
            [$"Backends:{Backend}:Driver"] = "Local",
            [$"Backends:{Backend}:AvailabilityZone"] = "az1",
            // Mounts, snapshots and revert swap subvolumes and talk to daemons: give calls room on a loaded machine.
            [$"Backends:{Backend}:DriverCallTimeoutSeconds"] = "120",
            ["ShareHost:DriverInitTimeoutSeconds"] = "90",
        };
        foreach (var (key, value) in driverOptions ?? BtrfsOnly())
        {
            settings[$"Backends:{Backend}:Options:{key}"] = value;
        }

        return settings;
    }

    /// <summary>The lab's two btrfs pools (the folder pool would win every placement: it sits on the big root filesystem).</summary>
    public static Dictionary<string, string?> BtrfsOnly()
    {
        var options = DriverHarness.DefaultOptions();
        foreach (var key in options.Keys.Where(k => k.StartsWith("Pools:2:", StringComparison.Ordinal)).ToList())
        {
            options.Remove(key);
        }

        return options;
    }

    public static int NfsPort(Dictionary<string, string?> settings) => int.Parse(settings[$"Backends:{Backend}:Options:NfsPort"]!);

    public static int CifsPort(Dictionary<string, string?> settings) => int.Parse(settings[$"Backends:{Backend}:Options:CifsPort"]!);

    /// <summary>The backend's state directory under a host's data directory.</summary>
    public static string StateDirectory(string hostDirectory) => Path.Combine(hostDirectory, "data", "backends", Backend);
}
