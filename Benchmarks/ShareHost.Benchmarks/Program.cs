using System.Diagnostics;
using ShareHost.Benchmarks;

// Runnable benchmark harness: prints figures, asserts nothing.
//   dotnet run --project Benchmarks/ShareHost.Benchmarks -c Release -- [shares|access|mounts|mounts-rate|mounts-recorded|local|all] [--host-dll PATH]
// "local" needs root and the Local driver's packages (btrfs-progs, nfs-ganesha, nfs-ganesha-vfs, libnfs-utils, gcc).
var scenario = args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal)) ?? "all";
var hostDll = ArgValue("--host-dll") is { } given ? Path.GetFullPath(given) : await BuildHostAsync();
var report = Console.Out;
report.WriteLine($"# ShareHost benchmarks ({DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, .NET {Environment.Version}, {Environment.ProcessorCount} cores)");
report.WriteLine();

var scenarios = new Dictionary<string, Func<Task>>
{
    ["shares"] = () => SharesBenchmark.RunAsync(hostDll, report),
    ["access"] = () => AccessBenchmark.RunAsync(hostDll, report),
    ["mounts"] = () => MountsBenchmark.RunAsync(hostDll, report),
    ["mounts-rate"] = () => MountsBenchmark.RunRateAsync(hostDll, report),
    ["mounts-recorded"] = () => MountsBenchmark.RunAsync(hostDll, report, access: "recorded"),
    ["local"] = () => OperatingSystem.IsLinux() ? LocalBenchmark.RunAsync(hostDll, report) : throw new PlatformNotSupportedException("the local scenario needs Linux"),
};

if (scenario == "all")
{
    // mounts-rate is a part of mounts, kept apart for profiling and A/B runs.
    foreach (var run in scenarios.Where(s => s.Key != "mounts-rate").Select(s => s.Value))
    {
        await run();
        report.WriteLine();
    }
}
else if (scenarios.TryGetValue(scenario, out var run))
{
    await run();
}
else
{
    Console.Error.WriteLine($"unknown scenario '{scenario}'; known: all, {string.Join(", ", scenarios.Keys)}");
    return 2;
}

return 0;

string? ArgValue(string name)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
}

// The host is measured as shipped: a Release build of ShareHost with its first-party plugins.
static async Task<string> BuildHostAsync()
{
    var root = AppContext.BaseDirectory;
    while (!File.Exists(Path.Combine(root, "ShareHost.sln")))
    {
        root = Path.GetDirectoryName(root) ?? throw new InvalidOperationException("ShareHost.sln not found above the harness");
    }

    var build = Process.Start(new ProcessStartInfo("dotnet", ["build", Path.Combine(root, "ShareHost", "ShareHost.csproj"), "-c", "Release", "--nologo", "-v", "quiet"])
    {
        RedirectStandardOutput = true,
    })!;
    await build.StandardOutput.ReadToEndAsync();
    await build.WaitForExitAsync();
    if (build.ExitCode != 0)
    {
        throw new InvalidOperationException("building ShareHost (Release) failed");
    }

    return Path.Combine(root, "ShareHost", "bin", "Release", "net10.0", "ShareHost.dll");
}
