using System.Net;
using System.Text.Json.Nodes;
using ShareHost.Tests.Features.AccessRules;
using ShareHost.Tests.Features.Shares;
using ShareHost.Tests.Features.Snapshots;
using ShareHost.Tests.Infrastructure;

namespace ShareHost.Tests.Features.Mounts;

/// <summary>
/// A share with live mounts: a plain delete is refused until they are released or expire, an admin's force_delete
/// ends them and withdraws their access before the share goes, and a mount that was being granted when the share
/// stopped being available is undone. Each test mounts a share of its own.
/// </summary>
public sealed class ShareMountDeleteTests
{
    private TestHost _host = null!;
    private ApiClient _demo = null!;
    private ApiClient _admin = null!;

    [OneTimeSetUp]
    public void OneTimeSetUp()
    {
        _host = new TestHost(settings: Mounts.Pool().With("Jobs:LeaseExpirySeconds", "3600"));
        _demo = _host.Client(TestHost.DemoToken);
        _admin = _host.Client();
    }

    [OneTimeTearDown]
    public void OneTimeTearDown()
    {
        _demo.Dispose();
        _admin.Dispose();
        _host.Dispose();
    }

    [Test]
    public async Task DeleteShare_WithLiveMounts_Answers400NamingThemAndKeepsEverything()
    {
        var share = await Mounts.ShareAsync(_demo);
        var first = await Mounts.MountOkAsync(_demo, share, "192.0.2.81", seconds: 600);
        var second = await Mounts.MountOkAsync(_demo, share, "192.0.2.82", level: "ro", seconds: 600);

        var response = await _demo.DeleteAsync($"/v2/shares/{share}");

        await _host.IdleAsync();
        var shown = await _demo.GetAsync($"/v2/shares/{share}");
        var applied = _host.AppliedRules(await _host.InstanceIdAsync(share));
        Assert.Multiple(async () =>
        {
            Assert.That(response.Status, Is.EqualTo(HttpStatusCode.BadRequest), response.Body);
            Assert.That(response.FaultName, Is.EqualTo("badRequest"));
            Assert.That(response.ErrorMessage, Does.StartWith("Invalid share").And.Contain("2 live mount(s)")
                .And.Contain(first.Id()).And.Contain(second.Id()).And.Contain("released first").And.Contain("force_delete"));
            Assert.That(shown.Json["share"]!["status"]!.GetValue<string>(), Is.EqualTo("available"));
            Assert.That((await Mounts.ShowAsync(_demo, first.Id())).State(), Is.EqualTo("active"));
            Assert.That((await Mounts.ShowAsync(_demo, second.Id())).State(), Is.EqualTo("active"));
            Assert.That(applied.Select(r => (r.AccessTo, r.AccessLevel)).Order(), Is.EqualTo(new[] { ("192.0.2.81", "rw"), ("192.0.2.82", "ro") }));
        });
    }

    [Test]
    public async Task DeleteShare_WithManyLiveMounts_NamesAFewAndCountsAll()
    {
        var share = await Mounts.ShareAsync(_demo);
        for (var i = 0; i < 7; i++)
        {
            await Mounts.MountOkAsync(_demo, share, $"192.0.2.{110 + i}", level: "ro", seconds: 600);
        }

        var response = await _demo.DeleteAsync($"/v2/shares/{share}");

        var named = response.ErrorMessage?.Split(',').Length;
        Assert.Multiple(() =>
        {
            Assert.That(response.Status, Is.EqualTo(HttpStatusCode.BadRequest), response.Body);
            Assert.That(response.ErrorMessage, Does.Contain("7 live mount(s)").And.Contain(", ...)"));
            Assert.That(named, Is.LessThan(7), "not every lease id is listed");
        });
    }

    [Test]
    public async Task DeleteShare_AfterItsMountsAreReleased_IsAccepted()
    {
        var share = await Mounts.ShareAsync(_demo);
        var mount = await Mounts.MountOkAsync(_demo, share, "192.0.2.83", seconds: 600);
        var refused = await _demo.DeleteAsync($"/v2/shares/{share}");
        await Mounts.ReleaseAsync(_demo, mount.Id());

        var accepted = await _demo.DeleteAsync($"/v2/shares/{share}");

        await _host.IdleAsync();
        Assert.Multiple(async () =>
        {
            Assert.That(refused.Status, Is.EqualTo(HttpStatusCode.BadRequest), refused.Body);
            Assert.That(refused.ErrorMessage, Does.Contain("1 live mount(s)").And.Contain(mount.Id()));
            Assert.That(accepted.Status, Is.EqualTo(HttpStatusCode.Accepted), accepted.Body);
            Assert.That((await _demo.GetAsync($"/v2/shares/{share}")).Status, Is.EqualTo(HttpStatusCode.NotFound));
        });
    }

    [Test]
    public async Task DeleteShare_MountExpiredButNotSwept_IsAccepted()
    {
        var share = await Mounts.ShareAsync(_demo);
        var mount = await Mounts.MountOkAsync(_demo, share, "192.0.2.84", seconds: 1);
        // The sweep runs hourly here: the lease is still 'active' in its row when its time is up.
        await Mounts.EventuallyAsync(async () => (await Mounts.ShowAsync(_demo, mount.Id()))["lease"]!["seconds_left"]!.GetValue<double>() <= 0,
            "the 1 s lease runs out");

        var response = await _demo.DeleteAsync($"/v2/shares/{share}");

        await _host.IdleAsync();
        Assert.Multiple(async () =>
        {
            Assert.That(response.Status, Is.EqualTo(HttpStatusCode.Accepted), response.Body);
            Assert.That((await _demo.GetAsync($"/v2/shares/{share}")).Status, Is.EqualTo(HttpStatusCode.NotFound));
        });
    }

    [Test]
    public async Task ForceDeleteShare_WithLiveMounts_EndsThemWithdrawsTheirAccessAndDeletes()
    {
        var share = await Mounts.ShareAsync(_demo);
        var first = await Mounts.MountOkAsync(_demo, share, "192.0.2.85", seconds: 600);
        var second = await Mounts.MountOkAsync(_demo, share, "192.0.2.86", level: "ro", seconds: 600);

        var response = await _admin.ActionAsync(share, new { force_delete = (object?)null });

        await _host.IdleAsync();
        var firstShown = await Mounts.ShowAsync(_demo, first.Id());
        var secondShown = await Mounts.ShowAsync(_demo, second.Id());
        Assert.Multiple(async () =>
        {
            Assert.That(response.Status, Is.EqualTo(HttpStatusCode.Accepted), response.Body);
            Assert.That(firstShown.State(), Is.EqualTo("released"));
            Assert.That(secondShown.State(), Is.EqualTo("released"));
            Assert.That(firstShown["access"]!.GetValue<string>(), Is.EqualTo("withdrawn"));
            Assert.That(secondShown["access"]!.GetValue<string>(), Is.EqualTo("withdrawn"));
            Assert.That(await _host.CountAsync("SELECT COUNT(*) FROM mount_leases WHERE share_id = @share AND state = 'active'", new { share }), Is.Zero);
            Assert.That((await _demo.GetAsync($"/v2/shares/{share}")).Status, Is.EqualTo(HttpStatusCode.NotFound));
        });
    }

    [Test]
    public async Task ForceDeleteShareInstance_WithALiveMount_EndsItAndDeletesTheShare()
    {
        var share = await Mounts.ShareAsync(_demo);
        var mount = await Mounts.MountOkAsync(_demo, share, "192.0.2.90", seconds: 600);
        var instance = await _host.InstanceIdAsync(share);

        var response = await _admin.PostAsync($"/v2/share_instances/{instance}/action", new { force_delete = (object?)null });

        await _host.IdleAsync();
        var shown = await Mounts.ShowAsync(_demo, mount.Id());
        Assert.Multiple(async () =>
        {
            Assert.That(response.Status, Is.EqualTo(HttpStatusCode.Accepted), response.Body);
            Assert.That(shown.State(), Is.EqualTo("released"));
            Assert.That(shown["access"]!.GetValue<string>(), Is.EqualTo("withdrawn"));
            Assert.That((await _demo.GetAsync($"/v2/shares/{share}")).Status, Is.EqualTo(HttpStatusCode.NotFound));
        });
    }

    [Test]
    public async Task ForceDeleteShare_AsMember_Answers403AndKeepsTheMounts()
    {
        var share = await Mounts.ShareAsync(_demo);
        var mount = await Mounts.MountOkAsync(_demo, share, "192.0.2.87", seconds: 600);

        var response = await _demo.ActionAsync(share, new { force_delete = (object?)null });

        Assert.Multiple(async () =>
        {
            Assert.That(response.Status, Is.EqualTo(HttpStatusCode.Forbidden), response.Body);
            Assert.That((await Mounts.ShowAsync(_demo, mount.Id())).State(), Is.EqualTo("active"));
            Assert.That((await _demo.GetAsync($"/v2/shares/{share}")).Json["share"]!["status"]!.GetValue<string>(), Is.EqualTo("available"));
        });
    }

    [Test]
    public async Task Mount_ShareStopsBeingAvailableWhileGranted_400AndTheLeaseIsUndone()
    {
        var share = await Mounts.ShareAsync(_demo);

        var (response, lease) = await MountWhileAsync(share, "192.0.2.88",
            () => _admin.ActionAsync(share, new { reset_status = new { status = "error" } }));

        var shown = await Mounts.ShowAsync(_demo, lease.Id());
        Assert.Multiple(() =>
        {
            Assert.That(response.Status, Is.EqualTo(HttpStatusCode.BadRequest), response.Body);
            Assert.That(response.ErrorMessage, Does.Contain("'error' now").And.Contain("undone"));
            Assert.That(shown.State(), Is.EqualTo("released"));
        });
    }

    [Test]
    public async Task Mount_ForceDeletedWhileGranted_400TheLeaseEndsAndTheShareGoes()
    {
        var share = await Mounts.ShareAsync(_demo);

        var (response, lease) = await MountWhileAsync(share, "192.0.2.89",
            () => _admin.ActionAsync(share, new { force_delete = (object?)null }));

        await _host.IdleAsync();
        var shown = await Mounts.ShowAsync(_demo, lease.Id());
        Assert.Multiple(async () =>
        {
            Assert.That(response.Status, Is.EqualTo(HttpStatusCode.BadRequest), response.Body);
            Assert.That(response.ErrorMessage, Does.Contain("now").And.Contain("undone"));
            Assert.That(shown.State(), Is.EqualTo("released"));
            Assert.That((await _demo.GetAsync($"/v2/shares/{share}")).Status, Is.EqualTo(HttpStatusCode.NotFound));
        });
    }

    /// <summary>
    /// Starts a mount whose access grant the driver is slow to apply, runs <paramref name="meanwhile"/> (asserting it
    /// was accepted) once the lease is written, and returns the mount's answer and the lease as listed.
    /// </summary>
    private async Task<(ApiClient.Response Response, JsonNode Lease)> MountWhileAsync(string share, string client, Func<Task<ApiClient.Response>> meanwhile)
    {
        _host.Configuration["Backends:dummy1:Options:LatencyMs:UpdateAccess"] = AccessTestSupport.SlowAccessCallMs;
        try
        {
            var mounting = Mounts.MountAsync(_demo, share, client, seconds: 600);
            JsonNode? lease = null;
            await Mounts.EventuallyAsync(async () =>
            {
                var listed = await _demo.GetAsync($"/v2/sharehost/mounts?share_id={share}");
                lease = listed.Json["mounts"]!.AsArray().FirstOrDefault();
                return lease is not null;
            }, "the lease is written while the driver applies the client's rule");
            var accepted = await meanwhile();
            Assert.That(accepted.Status, Is.EqualTo(HttpStatusCode.Accepted), accepted.Body);

            return (await mounting, lease!);
        }
        finally
        {
            _host.Configuration["Backends:dummy1:Options:LatencyMs:UpdateAccess"] = null;
        }
    }
}
