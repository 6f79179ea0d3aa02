using System.Diagnostics;
using System.Net;
using ShareHost.Tests.Infrastructure;

namespace ShareHost.Tests.Features.Mounts;

/// <summary>
/// Issue 3's "never wait on a driver to list": the Dummy's picker hangs 30 s and ignores cancellation; while mounts
/// are stuck on it, listing, showing and export locations answer at once, and every mount completes through the
/// host's fallback within the budget and some slack.
/// </summary>
public sealed class NeverWaitOnDriverTests
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(8);

    [Test]
    public async Task ListShowAndExportLocations_WhileTheDriversPickerHangs_StayFastAndMountsFallBack()
    {
        using var host = new TestHost(settings: Mounts.Pool(driverPicks: true)
            .With("Backends:dummy1:Options:Mounts:PickLatencyMs", "30000")
            .With("Backends:dummy1:Options:Mounts:PickIgnoresCancellation", "true")
            // A budget long enough that the reads below overlap the waiting mounts even on a loaded machine.
            .With("Mounts:PickBudgetMs", Budget.TotalMilliseconds.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        using var demo = host.Client(TestHost.DemoToken);
        using var admin = host.Client();
        var shares = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            shares.Add(await Mounts.ShareAsync(demo));
        }

        var location = (await demo.GetAsync($"/v2/shares/{shares[0]}/export_locations")).Json["export_locations"]![0]!["id"]!.GetValue<string>();
        var mounts = Enumerable.Range(0, 24).Select(i => TimedAsync(() => Mounts.MountAsync(demo, shares[i % 3], $"192.0.2.{i + 1}", level: "ro"))).ToList();

        var reads = new List<(string Path, TimeSpan Took, HttpStatusCode Status)>();
        for (var round = 0; round < 5; round++)
        {
            foreach (var path in new[]
                     {
                         "/v2/shares", "/v2/shares/detail", $"/v2/shares/{shares[0]}",
                         $"/v2/shares/{shares[1]}/export_locations", $"/v2/shares/{shares[0]}/export_locations/{location}",
                     })
            {
                var (response, took) = await TimedAsync(() => demo.GetAsync(path));
                reads.Add((path, took, response.Status));
            }
        }

        var inFlightDuringReads = mounts.Count(m => !m.IsCompleted);
        var results = await Task.WhenAll(mounts);
        var pool = await Mounts.AddressPoolAsync(admin);

        Assert.Multiple(() =>
        {
            Assert.That(inFlightDuringReads, Is.GreaterThan(0), "the reads must overlap mounts that wait on the hanging driver");
            foreach (var (path, took, status) in reads)
            {
                Assert.That(status, Is.EqualTo(HttpStatusCode.OK), path);
                Assert.That(took, Is.LessThan(Generous), $"{path} took {took.TotalMilliseconds:0} ms while the picker hung");
            }

            foreach (var (response, took) in results)
            {
                Assert.That(response.Status, Is.EqualTo(HttpStatusCode.OK), response.Body);
                Assert.That(response.Json["mount"]!["address_source"]!.GetValue<string>(), Is.EqualTo("host_fallback"));
                Assert.That(took, Is.LessThan(Budget + TimeSpan.FromSeconds(5)), "a mount waits the budget, not the driver");
            }

            Assert.That(pool["fallbacks"]!["timeout"]!.GetValue<long>(), Is.EqualTo(24));
        });
    }

    private static async Task<(T Result, TimeSpan Took)> TimedAsync<T>(Func<Task<T>> call)
    {
        var started = Stopwatch.GetTimestamp();
        var result = await call();
        return (result, Stopwatch.GetElapsedTime(started));
    }
}
