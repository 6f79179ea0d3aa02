using System.Net;
using ShareHost.Tests.Infrastructure;

namespace ShareHost.Tests.Features.Mounts;

public sealed class MountActionTests
{
    private TestHost _host = null!;
    private ApiClient _admin = null!;
    private ApiClient _demo = null!;

    // One host for the fixture: each test works on shares and mounts of its own; tests that list or count every
    // mount of a project start their own host.
    [OneTimeSetUp]
    public void SetUp()
    {
        _host = new TestHost(settings: Mounts.Pool().With("Backends:dummy1:Options:Mounts:MountOptions:NFS", "vers=4.1,proto=tcp"));
        _admin = _host.Client();
        _demo = _host.Client(TestHost.DemoToken);
    }

    [SetUp]
    public void ResetClients()
    {
        _demo.Version = "2.72";
    }

    [OneTimeTearDown]
    public void TearDown()
    {
        _demo.Dispose();
        _admin.Dispose();
        _host.Dispose();
    }

    [Test]
    public async Task Mount_ShowsInstanceAndBackendToAdminsOnly_AndEveryOtherFieldEvenWhenNull()
    {
        var share = await Mounts.ShareAsync(_demo);
        var mount = await Mounts.MountOkAsync(_demo, share, "192.0.2.11", seconds: 90);

        var asAdmin = await Mounts.ShowAsync(_admin, mount.Id());

        Assert.Multiple(() =>
        {
            var fields = mount.AsObject().Select(f => f.Key).ToList();
            Assert.That(fields, Is.EqualTo(new[]
            {
                "id", "share_id", "snapshot_id", "project_id", "user_id", "client", "access_level", "exclusive", "address",
                "export_path", "protocol", "mount_options", "address_source", "access", "access_rule_id", "lease",
                "granted_at", "renewed_at", "ended_at",
            }));
            Assert.That(mount["snapshot_id"], Is.Null);
            Assert.That(mount["lease"]!.AsObject().Select(f => f.Key), Is.EqualTo(new[]
            {
                "id", "state", "lease_seconds", "seconds_left", "expires_in", "fencing_token", "renewals",
            }));
            Assert.That(asAdmin["share_instance_id"]!.GetValue<string>(), Is.Not.Empty);
            Assert.That(asAdmin["backend"]!.GetValue<string>(), Is.EqualTo("dummy1"));
        });
    }

    [Test]
    public async Task Mount_AvailableShare_ReturnsAddressExportPathOptionsAndLease()
    {
        var share = await Mounts.ShareAsync(_demo);

        var mount = await Mounts.MountOkAsync(_demo, share, "192.0.2.10", seconds: 90);

        Assert.Multiple(() =>
        {
            Assert.That(mount["share_id"]!.GetValue<string>(), Is.EqualTo(share));
            Assert.That(mount["client"]!.GetValue<string>(), Is.EqualTo("192.0.2.10"));
            Assert.That(mount["access_level"]!.GetValue<string>(), Is.EqualTo("rw"));
            Assert.That(Mounts.FourAddresses, Does.Contain(mount.Address()));
            Assert.That(mount["export_path"]!.GetValue<string>(), Does.Match($@"^{mount.Address().Replace(".", @"\.")}:/shares/share-[0-9a-f-]+$"));
            Assert.That(mount["protocol"]!.GetValue<string>(), Is.EqualTo("NFS"));
            Assert.That(mount["mount_options"]!.GetValue<string>(), Is.EqualTo("vers=4.1,proto=tcp"));
            Assert.That(mount["address_source"]!.GetValue<string>(), Is.EqualTo("host"));
            Assert.That(mount["access"]!.GetValue<string>(), Is.EqualTo("active"));
            Assert.That(mount["lease"]!["id"]!.GetValue<string>(), Is.EqualTo(mount.Id()));
            Assert.That(mount.State(), Is.EqualTo("active"));
            Assert.That(mount["lease"]!["lease_seconds"]!.GetValue<int>(), Is.EqualTo(90));
            Assert.That(mount["lease"]!["seconds_left"]!.GetValue<int>(), Is.InRange(1, 90));
            Assert.That(mount["lease"]!["expires_in"]!.GetValue<string>(), Does.StartWith("PT"));
            Assert.That(mount.Token(), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task Mount_CifsShare_RendersAUncPathWithTheChosenAddress()
    {
        var share = await Mounts.ShareAsync(_demo, protocol: "CIFS");

        var mount = await Mounts.MountOkAsync(_demo, share);

        Assert.That(mount["export_path"]!.GetValue<string>(), Is.EqualTo($@"\\{mount.Address()}\share-" + mount["export_path"]!.GetValue<string>().Split(@"\share-")[1]));
        Assert.That(mount["protocol"]!.GetValue<string>(), Is.EqualTo("CIFS"));
    }

    [Test]
    public async Task Mount_WithoutLeaseSeconds_GetsTheConfiguredDefault()
    {
        var share = await Mounts.ShareAsync(_demo);

        var mount = await Mounts.MountOkAsync(_demo, share);

        Assert.That(mount["lease"]!["lease_seconds"]!.GetValue<int>(), Is.EqualTo(60));
    }

    [Test]
    public async Task Mount_Ipv6AndHostNameClients_AreNormalised()
    {
        var share = await Mounts.ShareAsync(_demo);

        var v6 = await Mounts.MountOkAsync(_demo, share, "2001:DB8:0:0::1");
        var name = await Mounts.MountOkAsync(_demo, share, "Client-7.Example.COM.", level: "ro");

        Assert.That(v6["client"]!.GetValue<string>(), Is.EqualTo("2001:db8::1"));
        Assert.That(name["client"]!.GetValue<string>(), Is.EqualTo("client-7.example.com"));
    }

    [Test]
    public async Task ShowAndList_AfterMount_ShowTheMountToItsProjectOnly()
    {
        var share = await Mounts.ShareAsync(_demo);
        var mount = await Mounts.MountOkAsync(_demo, share, "192.0.2.20");
        using var other = _host.Client(TestHost.OtherToken);

        var shown = await Mounts.ShowAsync(_demo, mount.Id());
        var listed = await _demo.GetAsync($"/v2/sharehost/mounts?share_id={share}");
        var otherShow = await other.GetAsync($"/v2/sharehost/mounts/{mount.Id()}");
        var otherList = await other.GetAsync("/v2/sharehost/mounts");
        var adminAll = await _admin.GetAsync("/v2/sharehost/mounts?all_tenants=1");

        Assert.Multiple(() =>
        {
            Assert.That(shown.Address(), Is.EqualTo(mount.Address()));
            Assert.That(shown.Token(), Is.EqualTo(mount.Token()));
            Assert.That(shown["granted_at"]!.GetValue<string>(), Is.Not.Empty);
            Assert.That(listed.Json["mounts"]!.AsArray().Select(m => m!.Id()), Is.EqualTo(new[] { mount.Id() }));
            Assert.That(otherShow.Status, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(otherShow.FaultName, Is.EqualTo("itemNotFound"));
            Assert.That(otherList.Json["mounts"]!.AsArray(), Is.Empty);
            Assert.That(adminAll.Json["mounts"]!.AsArray().Select(m => m!.Id()), Does.Contain(mount.Id()));
        });
    }

    [Test]
    public async Task ListMounts_Filters_ByClientAndStateWithPaging()
    {
        using var host = new TestHost(settings: Mounts.Pool().With("Backends:dummy1:Options:Mounts:MountOptions:NFS", "vers=4.1,proto=tcp"));
        using var demo = host.Client(TestHost.DemoToken);
        var share = await Mounts.ShareAsync(demo);
        var first = await Mounts.MountOkAsync(demo, share, "192.0.2.1", level: "ro");
        var second = await Mounts.MountOkAsync(demo, share, "192.0.2.2", level: "ro");
        await Mounts.MountOkAsync(demo, share, "192.0.2.3", level: "ro");
        await Mounts.ReleaseAsync(demo, second.Id());

        var byClient = await demo.GetAsync("/v2/sharehost/mounts?client=192.0.2.1");
        var released = await demo.GetAsync("/v2/sharehost/mounts?state=released");
        var active = await demo.GetAsync("/v2/sharehost/mounts?state=active&with_count=true&limit=1&sort_key=client&sort_dir=asc");

        Assert.Multiple(() =>
        {
            Assert.That(byClient.Json["mounts"]!.AsArray().Select(m => m!.Id()), Is.EqualTo(new[] { first.Id() }));
            Assert.That(released.Json["mounts"]!.AsArray().Select(m => m!.Id()), Is.EqualTo(new[] { second.Id() }));
            Assert.That(active.Json["count"]!.GetValue<int>(), Is.EqualTo(2));
            Assert.That(active.Json["mounts"]!.AsArray().Single()!.Id(), Is.EqualTo(first.Id()));
            Assert.That(active.Json["mounts_links"]![0]!["href"]!.GetValue<string>(), Does.Contain("offset=1"));
        });
    }

    [Test]
    public async Task Renew_LiveLease_ExtendsItFromNow()
    {
        var share = await Mounts.ShareAsync(_demo);
        var mount = await Mounts.MountOkAsync(_demo, share, seconds: 5);

        var renewed = await Mounts.RenewAsync(_demo, mount.Id(), 600);

        Assert.That(renewed.Status, Is.EqualTo(HttpStatusCode.OK), renewed.Body);
        var lease = renewed.Json["mount"]!["lease"]!;
        Assert.Multiple(() =>
        {
            Assert.That(lease["lease_seconds"]!.GetValue<int>(), Is.EqualTo(600));
            Assert.That(lease["seconds_left"]!.GetValue<int>(), Is.GreaterThan(500));
            Assert.That(lease["renewals"]!.GetValue<int>(), Is.EqualTo(1));
            Assert.That(lease["fencing_token"]!.GetValue<long>(), Is.EqualTo(mount.Token()), "renewing keeps the token");
            Assert.That(renewed.Json["mount"]!["renewed_at"]!.GetValue<string>(), Is.Not.Empty);
        });
    }

    [Test]
    public async Task Release_ByActionOrDelete_EndsTheLeaseAndWithdrawsAccess()
    {
        using var host = new TestHost(settings: Mounts.Pool().With("Backends:dummy1:Options:Mounts:MountOptions:NFS", "vers=4.1,proto=tcp"));
        using var admin = host.Client();
        using var demo = host.Client(TestHost.DemoToken);
        var share = await Mounts.ShareAsync(demo);
        var first = await Mounts.MountOkAsync(demo, share, "192.0.2.1");
        var second = await Mounts.MountOkAsync(demo, share, "192.0.2.2");

        var byAction = await Mounts.ReleaseAsync(demo, first.Id());
        var byDelete = await demo.DeleteAsync($"/v2/sharehost/mounts/{second.Id()}");

        Assert.That(byAction.Status, Is.EqualTo(HttpStatusCode.Accepted), byAction.Body);
        Assert.That(byDelete.Status, Is.EqualTo(HttpStatusCode.Accepted), byDelete.Body);
        foreach (var id in new[] { first.Id(), second.Id() })
        {
            var shown = await Mounts.ShowAsync(demo, id);
            Assert.That(shown.State(), Is.EqualTo("released"));
            Assert.That(shown["access"]!.GetValue<string>(), Is.EqualTo("withdrawn"));
            Assert.That(shown["lease"]!["seconds_left"]!.GetValue<int>(), Is.Zero);
            Assert.That(shown["ended_at"]!.GetValue<string>(), Is.Not.Empty);
        }

        Assert.That((await Mounts.LiveMountsAsync(admin)).Values.Sum(), Is.Zero);
    }

    [Test]
    public async Task Mount_Reader_MayMountReadOnlyButNotReadWrite()
    {
        var share = await Mounts.ShareAsync(_demo);
        using var reader = _host.Client(TestHost.ReaderToken);

        var rw = await Mounts.MountAsync(reader, share);
        var ro = await Mounts.MountAsync(reader, share, level: "ro");
        var rwOfMember = await Mounts.MountOkAsync(_demo, share, "192.0.2.99");
        var releaseRw = await Mounts.ReleaseAsync(reader, rwOfMember.Id());
        var releaseRo = await Mounts.ReleaseAsync(reader, ro.Json["mount"]!.Id());

        Assert.Multiple(() =>
        {
            Assert.That(rw.Status, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That(rw.ErrorMessage, Does.Contain("readers may mount ro only"));
            Assert.That(ro.Status, Is.EqualTo(HttpStatusCode.OK), ro.Body);
            Assert.That(releaseRw.Status, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That(releaseRo.Status, Is.EqualTo(HttpStatusCode.Accepted));
        });
    }

    [Test]
    public async Task Mount_AnotherProjectsPublicShare_IsForbidden()
    {
        var response = await _admin.PostAsync("/v2/shares", new { share = new { size = 1, share_proto = "NFS", is_public = true, availability_zone = "az1" } });
        var share = response.Json["share"]!["id"]!.GetValue<string>();
        await _admin.WaitForShareAsync(share, "available");

        var mount = await Mounts.MountAsync(_demo, share);

        Assert.That(mount.Status, Is.EqualTo(HttpStatusCode.Forbidden), mount.Body);
    }

    [Test]
    public async Task Mount_AtAnyMicroversion_IsAvailable()
    {
        var share = await Mounts.ShareAsync(_demo);
        _demo.Version = "2.0";

        var old = await Mounts.MountAsync(_demo, share);

        Assert.That(old.Status, Is.EqualTo(HttpStatusCode.OK), old.Body);
    }

    [Test]
    public async Task ProjectScopedUrl_ListsMounts()
    {
        using var host = new TestHost(settings: Mounts.Pool().With("Backends:dummy1:Options:Mounts:MountOptions:NFS", "vers=4.1,proto=tcp"));
        using var demo = host.Client(TestHost.DemoToken);
        var share = await Mounts.ShareAsync(demo);
        var mount = await Mounts.MountOkAsync(demo, share);

        var listed = await demo.GetAsync("/v2/demoproject/sharehost/mounts");

        Assert.That(listed.Status, Is.EqualTo(HttpStatusCode.OK), listed.Body);
        Assert.That(listed.Json["mounts"]!.AsArray().Single()!.Id(), Is.EqualTo(mount.Id()));
    }
}
