using System.Diagnostics;
using System.Runtime.Versioning;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using ShareHost.Abstractions;
using ShareHost.Drivers.Local;

namespace ShareHost.Benchmarks;

/// <summary>
/// Issue 6's figures for the Local driver on this machine: a btrfs pool on a loop file, four Ganesha instances
/// (127.0.0.1-4), libnfs clients on loopback. Create → writable share, mounts per second across the instances,
/// and a 200 MB write and read through NFS next to a plain local copy.
/// </summary>
[SupportedOSPlatform("linux")]
public static class LocalBenchmark
{
    private const int Samples = 10;
    private const int ThroughputMb = 200;
    private static readonly string[] Addresses = ["127.0.0.1", "127.0.0.2", "127.0.0.3", "127.0.0.4"];

    public static async Task RunAsync(string hostDll, TextWriter report)
    {
        report.WriteLine("## Local driver (issue 6): btrfs pool on a loop file, 4 Ganesha instances, libnfs clients on loopback");
        report.WriteLine($"- {Environment.ProcessorCount} cores; load average before: {LoadAverage()}");
        if (!Environment.IsPrivilegedProcess)
        {
            report.WriteLine("- skipped: the local scenario needs root (loop devices, btrfs, ganesha.nfsd)");
            return;
        }

        // Sparse: only what the benchmark writes takes disk space; room for the host's capacity bookkeeping between stats reports.
        await using var lab = await LocalLab.CreateAsync("64G");
        await ThroughTheApiAsync(hostDll, lab, report);
        await ThroughTheDriverAsync(lab, report);
        report.WriteLine($"- load average after: {LoadAverage()}");
    }

    /// <summary>POST /v2/shares to status available, through the host with the Local plugin (HTTP, operation queue, driver).</summary>
    private static async Task ThroughTheApiAsync(string hostDll, LocalLab lab, TextWriter report)
    {
        var settings = new Dictionary<string, string>();
        foreach (var (key, value) in Options(lab, "shb-"))
        {
            settings[$"Backends:local1:Options:{key}"] = value;
        }

        settings["Backends:local1:Driver"] = "Local";
        // Its own zone: the host's appsettings.json also brings the Dummy backends, which must not take these shares.
        settings["Backends:local1:AvailabilityZone"] = "az-local";
        var host = await HostUnderTest.StartAsync(hostDll, settings);
        try
        {
            using var api = new Api(host.BaseUrl, HostUnderTest.AdminToken);
            var toAvailable = new List<double>();
            var toWritten = new List<double>();
            for (var i = 0; i < Samples; i++)
            {
                var started = Stopwatch.GetTimestamp();
                var id = (await api.SendAsync(HttpMethod.Post, "/v2/shares", new { share = new { size = 1, share_proto = "NFS", availability_zone = "az-local" } }))["share"]!["id"]!.GetValue<string>();
                await WaitForAsync(api, $"/v2/shares/{id}", "share", "status", "available", id);
                toAvailable.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                var placed = (await api.SendAsync(HttpMethod.Get, $"/v2/shares/{id}"))["share"]!["host"]!.GetValue<string>();
                if (!placed.Contains("@local1#", StringComparison.Ordinal))
                {
                    throw new InvalidOperationException($"share {id} landed on {placed}, not the Local backend");
                }

                // What a user does next: allow the client, ask where to mount, write there.
                var rule = (await api.SendAsync(HttpMethod.Post, $"/v2/shares/{id}/action",
                    new { allow_access = new { access_type = "ip", access_to = "127.0.0.1", access_level = "rw" } }))["access"]!["id"]!.GetValue<string>();
                await WaitForAsync(api, $"/v2/share-access-rules/{rule}", "access", "state", "active", id);
                var mount = (await api.SendAsync(HttpMethod.Post, $"/v2/shares/{id}/action", new { mount = new { client = "127.0.0.1", access_level = "rw" } }))["mount"]!;
                var address = mount["address"]!.GetValue<string>();
                var exportPath = mount["export_path"]!.GetValue<string>()[(address.Length + 1)..];
                var port = int.Parse(mount["mount_options"]!.GetValue<string>().Split(',').Single(o => o.StartsWith("port=", StringComparison.Ordinal))["port=".Length..]);
                while (!await WriteSmallAsync(lab, Url(address, port, exportPath, "first.txt")))
                {
                    await Task.Delay(1);
                }

                toWritten.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }

            report.WriteLine($"- API: POST /v2/shares → available (subvolume, qgroup limit, mount, export on 4 instances), {Samples} shares one after another: " +
                $"median **{Stats.Percentile(toAvailable, 50):0} ms**, max {toAvailable.Max():0} ms");
            report.WriteLine($"- API: POST /v2/shares → a client's first NFS write succeeds (then allow 127.0.0.1 rw until active, mount action, nfs-cp at the returned address), {Samples} shares: " +
                $"median **{Stats.Percentile(toWritten, 50):0} ms**, max {toWritten.Max():0} ms");
        }
        finally
        {
            // A graceful stop, so the driver stops its daemons and takes its mounts off before the folder goes.
            await LocalLab.RunAsync("kill", "-TERM", host.ProcessId.ToString());
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            while (File.Exists($"/proc/{host.ProcessId}/stat") && !wait.IsCancellationRequested)
            {
                await Task.Delay(100);
            }

            await host.DisposeAsync();
        }
    }

    private static async Task ThroughTheDriverAsync(LocalLab lab, TextWriter report)
    {
        var options = Options(lab, "shd-");
        var driver = new LocalDriver();
        await driver.InitializeAsync(new DriverContext
        {
            BackendName = "bench",
            HostName = "bench",
            AvailabilityZone = "az1",
            Options = new ConfigurationBuilder().AddInMemoryCollection(options!).Build(),
            Logger = NullLogger.Instance,
            StateDirectory = Path.Combine(lab.Root, "state"),
        }, CancellationToken.None);
        try
        {
            var port = int.Parse(options["NfsPort"]);
            var rule = new DriverAccessRule { Id = "r1", AccessType = "ip", AccessTo = "127.0.0.0/8", AccessLevel = "rw" };
            var toWritable = new List<double>();
            var createCall = new List<double>();
            string? lastPath = null;
            for (var i = 0; i < Samples; i++)
            {
                var share = Share();
                var started = Stopwatch.GetTimestamp();
                var path = (await driver.CreateShareAsync(share, CancellationToken.None)).ExportLocations[0].Path;
                createCall.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                await driver.UpdateAccessAsync(new AccessUpdate { Share = share, Rules = [rule], AddRules = [rule] }, CancellationToken.None);
                var address = Addresses[i % Addresses.Length];
                while (!await WriteSmallAsync(lab, Url(address, port, path, "first.txt")))
                {
                    await Task.Delay(1);
                }

                toWritable.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                lastPath = path;
            }

            report.WriteLine($"- driver: create call → a client's first write through NFS succeeds (create, allow 127.0.0.0/8 rw, nfs-cp), {Samples} shares: " +
                $"median **{Stats.Percentile(toWritable, 50):0} ms**, max {toWritable.Max():0} ms (the create call alone: median {Stats.Percentile(createCall, 50):0} ms)");

            await MountsAsync(lab, port, lastPath!, report);
            await ThroughputAsync(lab, port, lastPath!, report);
        }
        finally
        {
            await driver.DisposeAsync();
        }
    }

    /// <summary>Each address gets one client process that mounts the export over and over for 10 s (new connection, client id, lookup).</summary>
    private static async Task MountsAsync(LocalLab lab, int port, string path, TextWriter report)
    {
        const int seconds = 10;
        var runs = Addresses.Select(a => LocalLab.RunAsync(lab.NfsMounts, $"nfs://{a}{path}?version=4&nfsport={port}", seconds.ToString())).ToList();
        var results = (await Task.WhenAll(runs)).Select(r => r.Trim().Split(' ').Select(long.Parse).ToArray()).ToList();
        var total = results.Sum(r => r[0]);
        var failed = results.Sum(r => r[1]);
        report.WriteLine($"- mounts served across 4 Ganesha instances (4 concurrent libnfs clients, one per address, {seconds} s): " +
            $"**{total / (double)seconds:0} mounts/s** (per address: {string.Join(", ", results.Select(r => (r[0] / (double)seconds).ToString("0")))}){(failed > 0 ? $", {failed} failed" : "")}");
    }

    private static async Task ThroughputAsync(LocalLab lab, int port, string path, TextWriter report)
    {
        var source = Path.Combine(lab.Root, "source.bin");
        await LocalLab.RunAsync("dd", "if=/dev/urandom", $"of={source}", "bs=1M", $"count={ThroughputMb}", "status=none");

        // libnfs 4.0 sends at most ~3.9 KB per NFSv4 WRITE (see Tests/Drivers.Local.Tests/Lab/nfsput.c): one piece at a
        // time measures round trips; 16 in flight, as a kernel client would keep them, what the path carries.
        var writeOne = await TimeAsync(() => LocalLab.RunAsync(lab.NfsPut, Url(Addresses[0], port, path, "big-1.bin"), source, "1"));
        var write = await TimeAsync(() => LocalLab.RunAsync(lab.NfsPut, Url(Addresses[0], port, path, "big.bin"), source, "16"));
        var read = await TimeAsync(() => LocalLab.RunAsync("sh", "-c", "nfs-cat \"$1\" > /dev/null", "nfs-cat", Url(Addresses[1], port, path, "big.bin")));
        var plain = Path.Combine(lab.Pool, "plain-copy.bin");
        var localWrite = await TimeAsync(() => LocalLab.RunAsync("dd", $"if={source}", $"of={plain}", "bs=1M", "conv=fsync", "status=none"));
        var localRead = await TimeAsync(() => LocalLab.RunAsync("sh", "-c", "cat \"$1\" > /dev/null", "cat", plain));
        report.WriteLine($"- {ThroughputMb} MB through libnfs on loopback: write (nfs-put, 3.5 KiB WRITEs, COMMIT at the end) **{ThroughputMb / write:0} MB/s** with 16 in flight, " +
            $"{ThroughputMb / writeOne:0} MB/s one at a time; read (nfs-cat) **{ThroughputMb / read:0} MB/s**; " +
            $"plain local copy on the same pool: write (dd, fsync) {ThroughputMb / localWrite:0} MB/s, read (cat) {ThroughputMb / localRead:0} MB/s");
        report.WriteLine("  (libnfs 4.0, Debian 12's, encodes every NFSv4 request into a fixed ~4 KiB buffer, so a WRITE carries at most ~3.9 KB; " +
            "reads use full-size READs; both reads come from the page cache)");
    }

    /// <summary>Polls until the resource's field has the value; an error state throws with the share's messages.</summary>
    private static async Task WaitForAsync(Api api, string path, string key, string field, string value, string shareId)
    {
        while ((await api.SendAsync(HttpMethod.Get, path))[key]![field]!.GetValue<string>() is var now && now != value)
        {
            if (now.StartsWith("error", StringComparison.Ordinal))
            {
                var messages = await api.SendAsync(HttpMethod.Get, $"/v2/messages?resource_id={shareId}");
                var pools = await api.SendAsync(HttpMethod.Get, "/v2/scheduler-stats/pools/detail");
                throw new InvalidOperationException($"{path} went to {now}: {messages.ToJsonString()} pools: {pools.ToJsonString()}");
            }

            await Task.Delay(5);
        }
    }

    private static async Task<bool> WriteSmallAsync(LocalLab lab, string url)
    {
        var local = Path.Combine(lab.Root, "small.txt");
        await File.WriteAllTextAsync(local, "first write");
        try
        {
            await LocalLab.RunAsync("nfs-cp", local, url);
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static async Task<double> TimeAsync(Func<Task> action)
    {
        var started = Stopwatch.GetTimestamp();
        await action();
        return Stopwatch.GetElapsedTime(started).TotalSeconds;
    }

    private static Dictionary<string, string> Options(LocalLab lab, string userPrefix)
    {
        var options = new Dictionary<string, string>
        {
            ["Pools:0:Name"] = "pool",
            ["Pools:0:Path"] = lab.Pool,
            ["NfsPort"] = LocalLab.FreePort(Addresses).ToString(),
            ["CifsPort"] = LocalLab.FreePort(Addresses).ToString(),
            ["UserPrefix"] = userPrefix,
        };
        for (var i = 0; i < Addresses.Length; i++)
        {
            options[$"Addresses:{i}"] = Addresses[i];
        }

        return options;
    }

    private static DriverShare Share()
    {
        var id = Guid.NewGuid().ToString();
        return new DriverShare { Id = id, ShareId = id, Name = "share-" + id, ProjectId = "bench", SizeGb = 1, Protocol = "NFS", PoolName = "pool" };
    }

    private static string Url(string address, int port, string path, string file) => $"nfs://{address}{path}/{file}?version=4&nfsport={port}";

    private static string LoadAverage() => string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
}
