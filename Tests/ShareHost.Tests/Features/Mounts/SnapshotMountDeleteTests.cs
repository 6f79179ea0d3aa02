using System.Net;
using System.Text.Json.Nodes;
using ShareHost.Tests.Features.Snapshots;
using ShareHost.Tests.Infrastructure;

namespace ShareHost.Tests.Features.Mounts;

/// <summary>
/// A snapshot with live mounts (leases from the snapshot <c>mount</c> action): a plain delete is refused until they
/// are released or expire, an admin's force_delete ends them and withdraws their access, and a mount that was being
/// granted when the snapshot stopped being available is undone. Each test mounts a snapshot of its own.
/// </summary>
public sealed class SnapshotMountDeleteTests
{
    private TestHost _host = null!;
    private ApiClient _demo = null!;
    private ApiClient _admin = null!;

    [OneTimeSetUp]
    public async Task OneTimeSetUp()
    {
        _host = new TestHost(settings: Mounts.Pool().With("Jobs:LeaseExpirySeconds", "3600"));
        _demo = _host.Client(TestHost.DemoToken);
        _admin = _host.Client();
        await _host.CreateSnapshotTypeAsync();
    }

    [OneTimeTearDown]
    public void OneTimeTearDown()
    {
        _demo.Dispose();
        _admin.Dispose();
        _host.Dispose();
    }

    [Test]
    public async Task DeleteSnapshot_WithLiveMounts_Answers400NamingHowManyAndKeepsEverything()
    {
        var snapshot = await SnapshotAsync();
        var first = await MountOkAsync(snapshot, "192.0.2.71");
        var second = await MountOkAsync(snapshot, "192.0.2.72");

        var response = await _demo.DeleteAsync($"/v2/snapshots/{snapshot}");

        await _host.IdleAsync();
        var shown = await _demo.GetAsync($"/v2/snapshots/{snapshot}");
        Assert.Multiple(async () =>
        {
            Assert.That(response.Status, Is.EqualTo(HttpStatusCode.BadRequest), response.Body);
            Assert.That(response.FaultName, Is.EqualTo("badRequest"));
            Assert.That(response.ErrorMessage, Does.Contain("2 live mount(s)").And.Contain(first.Id()).And.Contain(second.Id())
                .And.Contain("released first"));
            Assert.That(shown.Json["snapshot"]!["status"]!.GetValue<string>(), Is.EqualTo("available"));
            Assert.That((await Mounts.ShowAsync(_demo, first.Id())).State(), Is.EqualTo("active"));
            Assert.That((await Mounts.ShowAsync(_demo, second.Id())).State(), Is.EqualTo("active"));
            Assert.That(await OnBackendAsync(snapshot), Is.EqualTo(new[] { "ip:192.0.2.71 ro", "ip:192.0.2.72 ro" }));
        });
    }

    [Test]
    public async Task DeleteSnapshot_AfterItsMountsAreReleased_IsAccepted()
    {
        var snapshot = await SnapshotAsync();
        var mount = await MountOkAsync(snapshot, "192.0.2.73");
        var refused = await _demo.DeleteAsync($"/v2/snapshots/{snapshot}");
        await Mounts.ReleaseAsync(_demo, mount.Id());

        var accepted = await _demo.DeleteAsync($"/v2/snapshots/{snapshot}");

        await _demo.WaitForSnapshotGoneAsync(snapshot);
        Assert.Multiple(() =>
        {
            Assert.That(refused.Status, Is.EqualTo(HttpStatusCode.BadRequest), refused.Body);
            Assert.That(refused.ErrorMessage, Does.Contain("1 live mount(s)"));
            Assert.That(accepted.Status, Is.EqualTo(HttpStatusCode.Accepted), accepted.Body);
        });
    }

    [Test]
    public async Task DeleteSnapshot_MountExpired_IsAccepted()
    {
        var snapshot = await SnapshotAsync();
        var mount = await MountOkAsync(snapshot, "192.0.2.74", seconds: 1);
        await Mounts.EventuallyAsync(async () =>
            (await _admin.PostAsync("/v2/sharehost/mount-expiry", new { })).Status == HttpStatusCode.OK
            && (await Mounts.ShowAsync(_demo, mount.Id())).State() == "expired", "the 1 s lease expires");

        var response = await _demo.DeleteAsync($"/v2/snapshots/{snapshot}");

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.Accepted), response.Body);
        await _demo.WaitForSnapshotGoneAsync(snapshot);
    }

    [Test]
    public async Task ForceDeleteSnapshot_WithLiveMounts_EndsThemWithdrawsTheirAccessAndDeletes()
    {
        var snapshot = await SnapshotAsync();
        var record = await _host.SnapshotRecordAsync(snapshot);
        var shareInstance = (await _host.ShareRecordAsync(record.ShareId)).InstanceId;
        var first = await MountOkAsync(snapshot, "192.0.2.75");
        var second = await MountOkAsync(snapshot, "192.0.2.76");

        var response = await _admin.SnapshotActionAsync(snapshot, new { force_delete = (object?)null });

        await _demo.WaitForSnapshotGoneAsync(snapshot);
        var firstShown = await Mounts.ShowAsync(_demo, first.Id());
        var secondShown = await Mounts.ShowAsync(_demo, second.Id());
        Assert.Multiple(async () =>
        {
            Assert.That(response.Status, Is.EqualTo(HttpStatusCode.Accepted), response.Body);
            Assert.That(firstShown.State(), Is.EqualTo("released"));
            Assert.That(secondShown.State(), Is.EqualTo("released"));
            Assert.That(firstShown["access"]!.GetValue<string>(), Is.EqualTo("withdrawn"));
            Assert.That(secondShown["access"]!.GetValue<string>(), Is.EqualTo("withdrawn"));
            Assert.That(await _host.CountAsync("SELECT COUNT(*) FROM mount_leases WHERE snapshot_id = @snapshot AND state = 'active'", new { snapshot }),
                Is.Zero);
            Assert.That((IReadOnlyList<string>)SnapshotTestSupport.Dummy(_host, record.Backend!).SnapshotsOf(shareInstance), Is.Empty,
                "the share has no snapshot left on the backend");
        });
    }

    [Test]
    public async Task ForceDeleteSnapshot_AsMember_Answers403AndKeepsTheMounts()
    {
        var snapshot = await SnapshotAsync();
        var mount = await MountOkAsync(snapshot, "192.0.2.77");

        var response = await _demo.SnapshotActionAsync(snapshot, new { force_delete = (object?)null });

        Assert.Multiple(async () =>
        {
            Assert.That(response.Status, Is.EqualTo(HttpStatusCode.Forbidden), response.Body);
            Assert.That((await Mounts.ShowAsync(_demo, mount.Id())).State(), Is.EqualTo("active"));
        });
    }

    [Test]
    public async Task Mount_SnapshotStopsBeingAvailableWhileGranted_400AndTheLeaseIsUndone()
    {
        var snapshot = await SnapshotAsync();
        _host.Configuration["Backends:dummy1:Options:LatencyMs:UpdateSnapshotAccess"] = "3000";
        try
        {
            var mounting = _demo.SnapshotActionAsync(snapshot, new { mount = new { client = "192.0.2.78", lease_seconds = 600 } });
            JsonNode? lease = null;
            await Mounts.EventuallyAsync(async () =>
            {
                var listed = await _demo.GetAsync($"/v2/sharehost/mounts?snapshot_id={snapshot}");
                lease = listed.Json["mounts"]!.AsArray().FirstOrDefault();
                return lease is not null;
            }, "the lease is written while the driver applies the client's rule");
            var reset = await _admin.SnapshotActionAsync(snapshot, new { reset_status = new { status = "error" } });

            var response = await mounting;

            var shown = await Mounts.ShowAsync(_demo, lease!.Id());
            Assert.Multiple(() =>
            {
                Assert.That(reset.Status, Is.EqualTo(HttpStatusCode.Accepted), reset.Body);
                Assert.That(response.Status, Is.EqualTo(HttpStatusCode.BadRequest), response.Body);
                Assert.That(response.ErrorMessage, Does.Contain("'error' now").And.Contain("undone"));
                Assert.That(shown.State(), Is.EqualTo("released"));
            });
        }
        finally
        {
            _host.Configuration["Backends:dummy1:Options:LatencyMs:UpdateSnapshotAccess"] = null;
        }
    }

    private async Task<string> SnapshotAsync()
    {
        var share = await _demo.SnapshotableShareAsync(zone: "az1");
        return await _demo.AvailableSnapshotAsync(share);
    }

    private async Task<JsonNode> MountOkAsync(string snapshot, string client, int seconds = 600)
    {
        var response = await _demo.SnapshotActionAsync(snapshot, new { mount = new { client, lease_seconds = seconds } });
        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.OK), response.Body);
        return response.Json["mount"]!;
    }

    /// <summary>The rules the Dummy backend admits on the snapshot, as <c>type:to level</c>.</summary>
    private async Task<IReadOnlyList<string>> OnBackendAsync(string snapshot)
    {
        var record = await _host.SnapshotRecordAsync(snapshot);
        return ((IReadOnlyList<string>)SnapshotTestSupport.Dummy(_host, record.Backend!).SnapshotAccess(record.InstanceId)).Order().ToList();
    }
}
