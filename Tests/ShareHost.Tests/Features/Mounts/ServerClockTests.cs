using System.Net;
using ShareHost.Tests.Infrastructure;

namespace ShareHost.Tests.Features.Mounts;

/// <summary>Clients send durations only: a client's clock, however wrong, cannot change a lease.</summary>
public sealed class ServerClockTests
{
    [TestCase("Fri, 01 Jan 2100 00:00:00 GMT")]
    [TestCase("Thu, 01 Jan 1970 00:00:00 GMT")]
    public async Task Mount_WithAFarOffDateHeader_LeaseIsExactlyTheDurationAsked(string date)
    {
        using var host = new TestHost(settings: Mounts.Pool());
        using var demo = host.Client(TestHost.DemoToken);
        var share = await Mounts.ShareAsync(demo);

        var mount = await demo.SendAsync(HttpMethod.Post, $"/v2/shares/{share}/action",
            new { mount = new { client = "192.0.2.1", lease_seconds = 120 } }, configure: r => r.Headers.Add("Date", date));
        var id = mount.Json["mount"]!.Id();
        var renew = await demo.SendAsync(HttpMethod.Post, $"/v2/sharehost/mounts/{id}/action",
            new { renew = new { lease_seconds = 300 } }, configure: r => r.Headers.Add("Date", date));

        Assert.That(mount.Status, Is.EqualTo(HttpStatusCode.OK), mount.Body);
        Assert.That(mount.Json["mount"]!["lease"]!["seconds_left"]!.GetValue<int>(), Is.InRange(110, 120));
        Assert.That(renew.Json["mount"]!["lease"]!["seconds_left"]!.GetValue<int>(), Is.InRange(290, 300));
        Assert.That((await Mounts.ShowAsync(demo, id)).State(), Is.EqualTo("active"));
    }
}
