using System.Net;
using ShareHost.Tests.Infrastructure;

namespace ShareHost.Tests.Features.Mounts;

/// <summary>Many renewals at once (the group commit) all succeed and all extend their leases.</summary>
public sealed class RenewalLoadTests
{
    [Test]
    public async Task ConcurrentRenewals_AllSucceedAndExtend()
    {
        using var host = new TestHost(settings: Mounts.Pool());
        using var demo = host.Client(TestHost.DemoToken);
        var share = await Mounts.ShareAsync(demo);
        var mounts = await Task.WhenAll(Enumerable.Range(0, 100).Select(i => Mounts.MountOkAsync(demo, share, $"192.0.2.{i + 1}", level: "ro", seconds: 30)));

        var renewals = await Task.WhenAll(Enumerable.Range(0, 1000).Select(i => Mounts.RenewAsync(demo, mounts[i % 100].Id(), 900)));

        Assert.That(renewals.Select(r => r.Status), Is.All.EqualTo(HttpStatusCode.OK), renewals.FirstOrDefault(r => r.Status != HttpStatusCode.OK)?.Body);
        var listed = (await demo.GetAsync($"/v2/sharehost/mounts?share_id={share}")).Json["mounts"]!.AsArray();
        Assert.That(listed, Has.Count.EqualTo(100));
        Assert.That(listed.Select(m => m!["lease"]!["seconds_left"]!.GetValue<int>()), Is.All.GreaterThan(800));
        Assert.That(listed.Select(m => m!["lease"]!["renewals"]!.GetValue<int>()), Is.All.EqualTo(10));
    }
}
