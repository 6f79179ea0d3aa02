using System.Net;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using ShareHost.Persistence;
using ShareHost.Tests.Infrastructure;

namespace ShareHost.Tests.Features.Mounts;

/// <summary>Issue 3's bad input: clear 4xx in Manila's error format, naming the field, and nothing half-granted left behind.</summary>
public sealed class MountBadInputTests
{
    private TestHost _host = null!;
    private ApiClient _demo = null!;
    private string _share = null!;

    [OneTimeSetUp]
    public async Task OneTimeSetUp()
    {
        _host = new TestHost(settings: Mounts.Pool().With("Mounts:MaxLeaseSeconds", "600"));
        _demo = _host.Client(TestHost.DemoToken);
        _share = await Mounts.ShareAsync(_demo);
    }

    [OneTimeTearDown]
    public void OneTimeTearDown()
    {
        _demo.Dispose();
        _host.Dispose();
    }

    [TestCase("not a host!", TestName = "Mount_ClientWithSpaces_400")]
    [TestCase("10.0.0", TestName = "Mount_ThreeOctetAddress_400")]
    [TestCase("10.0.0.256", TestName = "Mount_OctetAbove255_400")]
    [TestCase("10.0.0.0/24", TestName = "Mount_Cidr_400")]
    [TestCase("fe80::1/64", TestName = "Mount_Ipv6Cidr_400")]
    [TestCase("-leading.example.com", TestName = "Mount_LabelStartingWithDash_400")]
    [TestCase("", TestName = "Mount_EmptyClient_400")]
    public async Task Mount_BadClient_400NamingMountClient(string client)
    {
        var response = await Mounts.MountAsync(_demo, _share, client);

        AssertBadRequest(response, "mount.client");
    }

    [Test]
    public async Task Mount_MissingClient_400NamingMountClient()
    {
        var response = await _demo.PostAsync($"/v2/shares/{_share}/action", new { mount = new { access_level = "ro" } });

        AssertBadRequest(response, "mount.client");
    }

    [TestCase(0)]
    [TestCase(-5)]
    [TestCase(601)]
    public async Task Mount_LeaseSecondsOutOfRange_400NamingMountLeaseSeconds(int seconds)
    {
        var response = await Mounts.MountAsync(_demo, _share, seconds: seconds);

        AssertBadRequest(response, "mount.lease_seconds");
        Assert.That(response.ErrorMessage, seconds > 0 ? Does.Contain("at most 600") : Does.Contain("greater than 0"));
    }

    [Test]
    public async Task Mount_FractionalLeaseSeconds_400NamingTheField()
    {
        var response = await _demo.SendAsync(HttpMethod.Post, $"/v2/shares/{_share}/action",
            rawBody: """{"mount": {"client": "192.0.2.1", "lease_seconds": 1.5}}""");

        AssertBadRequest(response, "lease_seconds");
    }

    [Test]
    public async Task Mount_BadAccessLevel_400()
    {
        var response = await Mounts.MountAsync(_demo, _share, level: "rx");

        AssertBadRequest(response, "mount.access_level");
    }

    [Test]
    public async Task Mount_ExclusiveReadOnly_400()
    {
        var response = await Mounts.MountAsync(_demo, _share, level: "ro", exclusive: true);

        AssertBadRequest(response, "mount.exclusive");
    }

    [TestCase("expires_at", "2099-01-01T00:00:00Z")]
    [TestCase("granted_at", "2000-01-01T00:00:00Z")]
    [TestCase("deadline", "1700000000")]
    public async Task Mount_AnyTimestampField_IsRefused(string field, string value)
    {
        var response = await _demo.PostAsync($"/v2/shares/{_share}/action",
            new { mount = new Dictionary<string, object> { ["client"] = "192.0.2.1", [field] = value } });

        AssertBadRequest(response, field);
    }

    [Test]
    public async Task Mount_UnknownShare_404()
    {
        var response = await Mounts.MountAsync(_demo, Guid.NewGuid().ToString());

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(response.FaultName, Is.EqualTo("itemNotFound"));
    }

    [Test]
    public async Task Mount_AnotherProjectsShare_404()
    {
        using var other = _host.Client(TestHost.OtherToken);

        var response = await Mounts.MountAsync(other, _share);

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task Mount_ShareNotAvailable_400InvalidShareAndNoLease()
    {
        var share = await Mounts.ShareAsync(_demo);
        await TestData.SetInstanceColumnAsync(_host, share, "status", "extending");

        var response = await Mounts.MountAsync(_demo, share);

        AssertBadRequest(response, "status must be 'available' to mount");
        Assert.That(await LeaseRowsAsync(share), Is.Zero);
    }

    [Test]
    public async Task Renew_BadLeaseSeconds_400NamingRenewLeaseSeconds()
    {
        var mount = await Mounts.MountOkAsync(_demo, _share, "192.0.2.50", level: "ro");

        var response = await Mounts.RenewAsync(_demo, mount.Id(), 0);

        AssertBadRequest(response, "renew.lease_seconds");
    }

    [Test]
    public async Task Renew_Released_409AndTheLeaseStaysReleased()
    {
        var mount = await Mounts.MountOkAsync(_demo, _share, "192.0.2.51", level: "ro");
        await Mounts.ReleaseAsync(_demo, mount.Id());

        var renew = await Mounts.RenewAsync(_demo, mount.Id(), 60);
        var releaseAgain = await _demo.DeleteAsync($"/v2/sharehost/mounts/{mount.Id()}");

        Assert.That(renew.Status, Is.EqualTo(HttpStatusCode.Conflict));
        Assert.That(renew.FaultName, Is.EqualTo("conflictingRequest"));
        Assert.That(renew.ErrorMessage, Does.Contain("has been released"));
        Assert.That(releaseAgain.Status, Is.EqualTo(HttpStatusCode.Conflict));
        Assert.That((await Mounts.ShowAsync(_demo, mount.Id())).State(), Is.EqualTo("released"));
    }

    [Test]
    public async Task RenewOrRelease_AnotherProjectsLease_404AndNothingChanges()
    {
        var mount = await Mounts.MountOkAsync(_demo, _share, "192.0.2.52", level: "ro");
        using var other = _host.Client(TestHost.OtherToken);

        var renew = await Mounts.RenewAsync(other, mount.Id(), 60);
        var release = await Mounts.ReleaseAsync(other, mount.Id());
        var delete = await other.DeleteAsync($"/v2/sharehost/mounts/{mount.Id()}");

        Assert.Multiple(() =>
        {
            Assert.That(renew.Status, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(release.Status, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(delete.Status, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(delete.FaultName, Is.EqualTo("itemNotFound"));
        });
        Assert.That((await Mounts.ShowAsync(_demo, mount.Id())).State(), Is.EqualTo("active"));
    }

    [Test]
    public async Task MountAction_UnknownActionOrShape_400()
    {
        var mount = await Mounts.MountOkAsync(_demo, _share, "192.0.2.53", level: "ro");

        var unknown = await _demo.PostAsync($"/v2/sharehost/mounts/{mount.Id()}/action", new { extend = new { } });
        var two = await _demo.PostAsync($"/v2/sharehost/mounts/{mount.Id()}/action", new { renew = (object?)null, release = (object?)null });
        var releaseWithArgs = await _demo.PostAsync($"/v2/sharehost/mounts/{mount.Id()}/action", new { release = new { force = true } });
        var renewUnknownField = await _demo.PostAsync($"/v2/sharehost/mounts/{mount.Id()}/action", new { renew = new { until = "2099-01-01" } });

        AssertBadRequest(unknown, "no such mount action");
        AssertBadRequest(two, "exactly one key");
        AssertBadRequest(releaseWithArgs, "release");
        AssertBadRequest(renewUnknownField, "until");
    }

    [Test]
    public async Task ListMounts_BadStateOrPaging_400()
    {
        var state = await _demo.GetAsync("/v2/sharehost/mounts?state=dead");
        var limit = await _demo.GetAsync("/v2/sharehost/mounts?limit=-1");
        var sort = await _demo.GetAsync("/v2/sharehost/mounts?sort_key=password");

        AssertBadRequest(state, "state");
        AssertBadRequest(limit, "limit");
        AssertBadRequest(sort, "sort_key");
    }

    [Test]
    public async Task ShowMount_Unknown_404()
    {
        var response = await _demo.GetAsync($"/v2/sharehost/mounts/{Guid.NewGuid()}");

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.NotFound));
    }

    private static void AssertBadRequest(ApiClient.Response response, string mentioned)
    {
        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.BadRequest), response.Body);
        Assert.That(response.FaultName, Is.EqualTo("badRequest"));
        Assert.That(response.ErrorMessage, Does.Contain(mentioned));
    }

    private async Task<long> LeaseRowsAsync(string share)
    {
        await using var connection = await _host.Services.GetRequiredService<SqliteConnectionFactory>().OpenAsync();
        return await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM mount_leases WHERE share_id = @share", new { share });
    }
}
