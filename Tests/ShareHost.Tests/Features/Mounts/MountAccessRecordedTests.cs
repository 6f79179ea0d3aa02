using ShareHost.Tests.Features.AccessRules;
using ShareHost.Tests.Infrastructure;

namespace ShareHost.Tests.Features.Mounts;

/// <summary><c>Mounts:Access = recorded</c>: access is only recorded on the lease, no access rule is made.</summary>
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
}
