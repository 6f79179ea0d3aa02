using System.Net;
using ShareHost.Tests.Features.AccessRules;
using ShareHost.Tests.Features.Snapshots;
using ShareHost.Tests.Infrastructure;

namespace ShareHost.Tests.Features.Mounts;

/// <summary><c>Mounts:Access = recorded</c>: access is only recorded on the lease, no access rule (share or snapshot) is made.</summary>
public sealed class MountAccessRecordedTests
{
    [Test]
    public async Task Mount_RecordedMode_RecordsAccessOnTheLeaseWithoutARule()
    {
        using var host = new TestHost(settings: Mounts.Pool().With("Mounts:Access", "recorded"));
        using var demo = host.Client(TestHost.DemoToken);
        var share = await Mounts.ShareAsync(demo);

        var mount = await Mounts.MountOkAsync(demo, share, "192.0.2.31");
        await Mounts.ReleaseAsync(demo, mount.Id());

        var shown = await Mounts.ShowAsync(demo, mount.Id());
        Assert.Multiple(async () =>
        {
            Assert.That(mount["access"]!.GetValue<string>(), Is.EqualTo("recorded"));
            Assert.That(shown["access"]!.GetValue<string>(), Is.EqualTo("withdrawn"));
            Assert.That(await demo.RulesAsync(share), Is.Empty);
        });
    }

    [Test]
    public async Task MountSnapshot_RecordedMode_RecordsAccessOnTheLeaseWithoutASnapshotRule()
    {
        using var host = new TestHost(settings: Mounts.Pool().With("Mounts:Access", "recorded"));
        using var demo = host.Client(TestHost.DemoToken);
        await host.CreateSnapshotTypeAsync();
        var snapshot = await demo.AvailableSnapshotAsync(await demo.SnapshotableShareAsync(zone: "az1"));

        var response = await demo.SnapshotActionAsync(snapshot, new { mount = new { client = "192.0.2.32" } });
        await Mounts.ReleaseAsync(demo, response.Json["mount"]!.Id());

        var rules = await demo.GetAsync($"/v2/snapshots/{snapshot}/access-list");
        Assert.Multiple(() =>
        {
            Assert.That(response.Status, Is.EqualTo(HttpStatusCode.OK), response.Body);
            Assert.That(response.Json["mount"]!["access"]!.GetValue<string>(), Is.EqualTo("recorded"));
            Assert.That(response.Json["mount"]!["access_rule_id"], Is.Null);
            Assert.That(rules.Json["snapshot_access_list"]!.AsArray(), Is.Empty);
        });
    }
}
