using System.Net;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using ShareHost.Persistence;
using ShareHost.Tests.Infrastructure;

namespace ShareHost.Tests.Features.Mounts;

/// <summary>The per-share fencing token: strictly increasing with every granted mount, and carried on driver calls.</summary>
public sealed class FencingTokenTests
{
    [Test]
    public async Task ConcurrentMounts_TakeDistinctConsecutiveTokensPerShare()
    {
        using var host = new TestHost(settings: Mounts.Pool());
        using var demo = host.Client(TestHost.DemoToken);
        var first = await Mounts.ShareAsync(demo);
        var second = await Mounts.ShareAsync(demo);

        var mounts = await Task.WhenAll(Enumerable.Range(0, 40).Select(i =>
            Mounts.MountOkAsync(demo, i % 2 == 0 ? first : second, $"192.0.2.{i + 1}", level: "ro")));

        foreach (var share in new[] { first, second })
        {
            var tokens = mounts.Where(m => m["share_id"]!.GetValue<string>() == share).Select(m => m.Token()).Order().ToList();
            Assert.That(tokens, Is.EqualTo(Enumerable.Range(1, 20).Select(t => (long)t)), $"share {share}");
        }
    }

    [Test]
    public async Task Tokens_IncreaseInGrantOrderAndNeverReuseAReleasedOne()
    {
        using var host = new TestHost(settings: Mounts.Pool());
        using var demo = host.Client(TestHost.DemoToken);
        var share = await Mounts.ShareAsync(demo);

        var tokens = new List<long>();
        for (var i = 0; i < 5; i++)
        {
            var mount = await Mounts.MountOkAsync(demo, share, exclusive: true);
            tokens.Add(mount.Token());
            await Mounts.ReleaseAsync(demo, mount.Id());
        }

        Assert.That(tokens, Is.EqualTo(new long[] { 1, 2, 3, 4, 5 }));
    }

    [Test]
    public async Task DriverCalls_CarryTheCurrentToken_AndTheDriverRefusesAStaleOne()
    {
        using var host = new TestHost(settings: Mounts.Pool());
        using var demo = host.Client(TestHost.DemoToken);
        var share = await Mounts.ShareAsync(demo);
        for (var i = 0; i < 3; i++)
        {
            await Mounts.MountOkAsync(demo, share, $"192.0.2.{i + 1}", level: "ro");
        }

        // The extend carries token 3, which the Dummy remembers; a writer that then presents an older token (the
        // share's counter wound back, as a host with a stale view would have it) is refused by the backend.
        await demo.PostAsync($"/v2/shares/{share}/action", new { extend = new { new_size = 2 } });
        await host.IdleAsync();
        var extended = await demo.WaitForShareAsync(share, "available");
        await using (var connection = await host.Services.GetRequiredService<SqliteConnectionFactory>().OpenAsync())
        {
            await connection.ExecuteAsync("UPDATE shares SET fencing_token = 1 WHERE id = @share", new { share });
        }

        await demo.PostAsync($"/v2/shares/{share}/action", new { shrink = new { new_size = 1 } });
        await host.IdleAsync();

        var refused = await demo.WaitForShareAsync(share, "shrinking_error");
        var messages = await demo.GetAsync($"/v2/messages?resource_id={share}");
        Assert.That(extended["size"]!.GetValue<int>(), Is.EqualTo(2), "the extend carried the current token and was accepted");
        Assert.That(refused["size"]!.GetValue<int>(), Is.EqualTo(2));
        Assert.That(messages.Json["messages"]!.AsArray().Select(m => m!["user_message"]!.GetValue<string>()),
            Has.Some.Contains("stale writer").And.Some.Contains("fencing token 1").And.Some.Contains("seen 3"));
    }
}
