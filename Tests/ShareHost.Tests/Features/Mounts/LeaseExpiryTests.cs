using System.Net;
using Microsoft.Extensions.DependencyInjection;
using ShareHost.Features.Mounts.Expiry;
using ShareHost.Tests.Infrastructure;

namespace ShareHost.Tests.Features.Mounts;

/// <summary>Leases not renewed in time expire (the Quartz job, or a sweep on request), and the expired holder's access is withdrawn.</summary>
public sealed class LeaseExpiryTests
{
    [Test]
    public async Task ExpiryJob_LeaseNotRenewed_ShowsExpiredWithAccessWithdrawnAndCountsDrop()
    {
        using var host = new TestHost(settings: Mounts.Pool().With("Jobs:LeaseExpirySeconds", "0.2"));
        using var demo = host.Client(TestHost.DemoToken);
        using var admin = host.Client();
        var share = await Mounts.ShareAsync(demo);
        var shortLease = await Mounts.MountOkAsync(demo, share, "192.0.2.1", seconds: 1);
        var longLease = await Mounts.MountOkAsync(demo, share, "192.0.2.2", seconds: 600);

        await Mounts.EventuallyAsync(async () => (await Mounts.ShowAsync(demo, shortLease.Id())).State() == "expired", "the 1 s lease expires");

        var expired = await Mounts.ShowAsync(demo, shortLease.Id());
        var kept = await Mounts.ShowAsync(demo, longLease.Id());
        var live = await Mounts.LiveMountsAsync(admin);
        var renew = await Mounts.RenewAsync(demo, shortLease.Id(), 60);
        Assert.Multiple(() =>
        {
            Assert.That(expired["access"]!.GetValue<string>(), Is.EqualTo("withdrawn"));
            Assert.That(expired["lease"]!["seconds_left"]!.GetValue<int>(), Is.Zero);
            Assert.That(expired["lease"]!["expires_in"], Is.Null);
            Assert.That(expired["ended_at"]!.GetValue<string>(), Is.Not.Empty);
            Assert.That(kept.State(), Is.EqualTo("active"));
            Assert.That(kept["access"]!.GetValue<string>(), Is.EqualTo("active"));
            Assert.That(live.Values.Sum(), Is.EqualTo(1));
            Assert.That(live[longLease.Address()], Is.EqualTo(1));
            Assert.That(renew.Status, Is.EqualTo(HttpStatusCode.Conflict));
            Assert.That(renew.ErrorMessage, Does.Contain("expired"));
        });
    }

    [Test]
    public async Task Renew_AfterTheTimeIsUpButBeforeTheSweep_409AndTheLeaseExpiresThen()
    {
        using var host = new TestHost(settings: Mounts.Pool().With("Jobs:LeaseExpirySeconds", "3600"));
        using var demo = host.Client(TestHost.DemoToken);
        var share = await Mounts.ShareAsync(demo);
        var mount = await Mounts.MountOkAsync(demo, share, seconds: 1);
        await Task.Delay(1200);

        var renew = await Mounts.RenewAsync(demo, mount.Id(), 60);

        Assert.That(renew.Status, Is.EqualTo(HttpStatusCode.Conflict), renew.Body);
        var shown = await Mounts.ShowAsync(demo, mount.Id());
        Assert.That(shown.State(), Is.EqualTo("expired"));
        Assert.That(shown["access"]!.GetValue<string>(), Is.EqualTo("withdrawn"));
    }

    [Test]
    public async Task SweepOnRequest_ReportsHowManyExpiredAndTheJobsLastSweep()
    {
        using var host = new TestHost(settings: Mounts.Pool().With("Jobs:LeaseExpirySeconds", "3600"));
        using var demo = host.Client(TestHost.DemoToken);
        using var admin = host.Client();
        var share = await Mounts.ShareAsync(demo);
        for (var i = 0; i < 5; i++)
        {
            await Mounts.MountOkAsync(demo, share, $"192.0.2.{i + 1}", level: "ro", seconds: 1);
        }

        await Mounts.MountOkAsync(demo, share, "192.0.2.100", level: "ro", seconds: 600);
        await Task.Delay(1200);

        var before = await admin.GetAsync("/v2/sharehost/mount-expiry");
        var sweep = await admin.PostAsync("/v2/sharehost/mount-expiry", null);
        var last = await admin.GetAsync("/v2/sharehost/mount-expiry");
        var asMember = await demo.PostAsync("/v2/sharehost/mount-expiry", null);

        Assert.Multiple(() =>
        {
            Assert.That(before.Json["expiry"], Is.Null);
            Assert.That(sweep.Status, Is.EqualTo(HttpStatusCode.OK), sweep.Body);
            Assert.That(sweep.Json["expiry"]!["expired"]!.GetValue<int>(), Is.EqualTo(5));
            Assert.That(sweep.Json["expiry"]!["duration_ms"]!.GetValue<double>(), Is.GreaterThanOrEqualTo(0));
            Assert.That(last.Json["expiry"]!["expired"]!.GetValue<int>(), Is.EqualTo(5));
            Assert.That(asMember.Status, Is.EqualTo(HttpStatusCode.Forbidden));
        });
    }

    [Test]
    public async Task Restart_LeasesAreAdoptedAndJudgedByDatabaseTime()
    {
        var directory = TestHost.NewDirectory();
        try
        {
            string longId;
            string shortId;
            long token;
            using (var first = new TestHost(directory, Mounts.Pool().With("Jobs:LeaseExpirySeconds", "3600")))
            using (var demo = first.Client(TestHost.DemoToken))
            {
                var share = await Mounts.ShareAsync(demo);
                longId = (await Mounts.MountOkAsync(demo, share, "192.0.2.1", seconds: 600, level: "ro")).Id();
                var shortLease = await Mounts.MountOkAsync(demo, share, "192.0.2.2", seconds: 1, level: "ro");
                shortId = shortLease.Id();
                token = shortLease.Token();
            }

            await Task.Delay(1200);
            using var second = new TestHost(directory, Mounts.Pool().With("Jobs:LeaseExpirySeconds", "3600"));
            using var again = second.Client(TestHost.DemoToken);
            using var admin = second.Client();
            var adopted = await Mounts.ShowAsync(again, longId);
            var sweep = await admin.PostAsync("/v2/sharehost/mount-expiry", null);
            var renewed = await Mounts.RenewAsync(again, longId, 30);

            Assert.Multiple(() =>
            {
                Assert.That(adopted.State(), Is.EqualTo("active"));
                Assert.That(adopted["lease"]!["seconds_left"]!.GetValue<int>(), Is.InRange(500, 600));
                Assert.That(sweep.Json["expiry"]!["expired"]!.GetValue<int>(), Is.EqualTo(1), "the 1 s lease's time ran out while no host ran");
                Assert.That(renewed.Status, Is.EqualTo(HttpStatusCode.OK), renewed.Body);
            });
            Assert.That((await Mounts.ShowAsync(again, shortId)).State(), Is.EqualTo("expired"));
            Assert.That(token, Is.GreaterThan(0));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try
            {
                TestHost.DeleteDirectory(directory);
            }
            catch (IOException)
            {
                // a file still held open; the temp folder is cleaned eventually
            }
        }
    }

    [Test]
    public async Task Sweep_ManyExpiredLeases_EndsThemAllInOneSweep()
    {
        using var host = new TestHost(settings: Mounts.Pool().With("Jobs:LeaseExpirySeconds", "3600"));
        using var demo = host.Client(TestHost.DemoToken);
        using var admin = host.Client();
        var share = await Mounts.ShareAsync(demo);
        await Task.WhenAll(Enumerable.Range(0, 300).Select(i => Mounts.MountOkAsync(demo, share, $"10.1.{i / 250}.{i % 250 + 1}", level: "ro", seconds: 1)));
        await Task.Delay(1200);

        var result = await host.Services.GetRequiredService<LeaseExpiry>().SweepAsync(CancellationToken.None);

        Assert.That(result.Expired, Is.EqualTo(300));
        var expired = await demo.GetAsync($"/v2/sharehost/mounts?share_id={share}&state=expired&with_count=true&limit=1");
        Assert.That(expired.Json["count"]!.GetValue<int>(), Is.EqualTo(300));
        Assert.That((await Mounts.LiveMountsAsync(admin)).Values.Sum(), Is.Zero);
    }
}
