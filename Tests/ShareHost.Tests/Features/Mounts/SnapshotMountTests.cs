using System.Net;
using ShareHost.Tests.Features.Snapshots;
using ShareHost.Tests.Infrastructure;

namespace ShareHost.Tests.Features.Mounts;

/// <summary>
/// <c>POST /v2/snapshots/{id}/action {"mount": …}</c>: a mountable snapshot mounted read-only through the same late
/// binding as a share (an address from the backend's pool, the snapshot's export path, a ro lease).
/// </summary>
public sealed class SnapshotMountTests
{
    private TestHost _host = null!;
    private ApiClient _demo = null!;

    [OneTimeSetUp]
    public async Task OneTimeSetUp()
    {
        _host = new TestHost(settings: Mounts.Pool().With("Jobs:LeaseExpirySeconds", "3600"));
        _demo = _host.Client(TestHost.DemoToken);
        await _host.CreateSnapshotTypeAsync();
        await _host.CreateSnapshotTypeAsync("snap-unmountable", new Dictionary<string, string> { ["snapshot_support"] = "True" });
    }

    [OneTimeTearDown]
    public void OneTimeTearDown()
    {
        _demo.Dispose();
        _host.Dispose();
    }

    [Test]
    public async Task Mount_MountableSnapshot_RoLeaseBoundToTheSnapshotPath()
    {
        var share = await _demo.SnapshotableShareAsync(zone: "az1");
        var snapshot = await _demo.AvailableSnapshotAsync(share);

        var response = await _demo.SnapshotActionAsync(snapshot, new { mount = new { client = "192.0.2.51", lease_seconds = 120 } });
        var mount = response.Json["mount"]!;
        var listed = await _demo.GetAsync($"/v2/sharehost/mounts?snapshot_id={snapshot}");
        var released = await Mounts.ReleaseAsync(_demo, mount.Id());

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.OK), response.Body);
        Assert.Multiple(() =>
        {
            Assert.That(mount["snapshot_id"]!.GetValue<string>(), Is.EqualTo(snapshot));
            Assert.That(mount["share_id"]!.GetValue<string>(), Is.EqualTo(share));
            Assert.That(mount["access_level"]!.GetValue<string>(), Is.EqualTo("ro"));
            Assert.That(Mounts.FourAddresses, Does.Contain(mount.Address()));
            Assert.That(mount["export_path"]!.GetValue<string>(), Does.Match($@"^{mount.Address().Replace(".", @"\.")}:/snapshots/snapshot-[0-9a-f-]{{36}}$"));
            Assert.That(mount["lease"]!["lease_seconds"]!.GetValue<int>(), Is.EqualTo(120));
            Assert.That(mount.Token(), Is.GreaterThan(0));
            Assert.That(mount["access"]!.GetValue<string>(), Is.EqualTo("active"), "admitted by a snapshot access rule (SnapshotMountAccessTests)");
            Assert.That(listed.Json["mounts"]!.AsArray().Select(m => m!["id"]!.GetValue<string>()), Is.EqualTo(new[] { mount.Id() }));
            Assert.That(released.Status, Is.EqualTo(HttpStatusCode.Accepted), released.Body);
        });
    }

    [Test]
    public async Task Mount_SnapshotRw_400NamingAccessLevel()
    {
        var share = await _demo.SnapshotableShareAsync(zone: "az1");
        var snapshot = await _demo.AvailableSnapshotAsync(share);

        var response = await _demo.SnapshotActionAsync(snapshot, new { mount = new { client = "192.0.2.52", access_level = "rw" } });
        var live = await _demo.GetAsync($"/v2/sharehost/mounts?snapshot_id={snapshot}");

        Assert.Multiple(() =>
        {
            Assert.That(response.Status, Is.EqualTo(HttpStatusCode.BadRequest), response.Body);
            Assert.That(response.ErrorMessage, Does.Contain("mount.access_level").And.Contain("read-only"));
            Assert.That(live.Json["mounts"]!.AsArray(), Is.Empty);
        });
    }

    [Test]
    public async Task Mount_SnapshotOfATypeWithoutMountSnapshotSupport_400()
    {
        var share = await _demo.SnapshotableShareAsync(zone: "az1", type: "snap-unmountable");
        var snapshot = await _demo.AvailableSnapshotAsync(share);

        var response = await _demo.SnapshotActionAsync(snapshot, new { mount = new { client = "192.0.2.53" } });

        Assert.Multiple(() =>
        {
            Assert.That(response.Status, Is.EqualTo(HttpStatusCode.BadRequest), response.Body);
            Assert.That(response.ErrorMessage, Does.Contain("mount_snapshot_support"));
        });
    }

    [Test]
    public async Task Mount_SnapshotWithABadClient_400NamingClient()
    {
        var share = await _demo.SnapshotableShareAsync(zone: "az1");
        var snapshot = await _demo.AvailableSnapshotAsync(share);

        var response = await _demo.SnapshotActionAsync(snapshot, new { mount = new { client = "not a client!" } });

        Assert.Multiple(() =>
        {
            Assert.That(response.Status, Is.EqualTo(HttpStatusCode.BadRequest), response.Body);
            Assert.That(response.ErrorMessage, Does.Contain("client"));
        });
    }
}
