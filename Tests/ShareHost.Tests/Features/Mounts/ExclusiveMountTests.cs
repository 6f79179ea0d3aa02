using System.Net;
using ShareHost.Tests.Infrastructure;

namespace ShareHost.Tests.Features.Mounts;

/// <summary>An exclusive rw mount admits one live rw lease per share.</summary>
public sealed class ExclusiveMountTests
{
    private TestHost _host = null!;
    private ApiClient _demo = null!;
    private string _share = null!;

    [SetUp]
    public async Task SetUp()
    {
        _host = new TestHost(settings: Mounts.Pool());
        _demo = _host.Client(TestHost.DemoToken);
        _share = await Mounts.ShareAsync(_demo);
    }

    [TearDown]
    public void TearDown()
    {
        _demo.Dispose();
        _host.Dispose();
    }

    [Test]
    public async Task SecondRwMount_WhileAnExclusiveLives_409UntilItIsReleased()
    {
        var exclusive = await Mounts.MountOkAsync(_demo, _share, "192.0.2.1", exclusive: true);

        var plain = await Mounts.MountAsync(_demo, _share, "192.0.2.2");
        var anotherExclusive = await Mounts.MountAsync(_demo, _share, "192.0.2.3", exclusive: true);
        var readOnly = await Mounts.MountAsync(_demo, _share, "192.0.2.4", level: "ro");
        await Mounts.ReleaseAsync(_demo, exclusive.Id());
        var afterRelease = await Mounts.MountAsync(_demo, _share, "192.0.2.2");

        Assert.Multiple(() =>
        {
            Assert.That(plain.Status, Is.EqualTo(HttpStatusCode.Conflict));
            Assert.That(plain.FaultName, Is.EqualTo("conflictingRequest"));
            Assert.That(plain.ErrorMessage, Does.Contain(exclusive.Id()).And.Contain("exclusive"));
            Assert.That(anotherExclusive.Status, Is.EqualTo(HttpStatusCode.Conflict));
            Assert.That(readOnly.Status, Is.EqualTo(HttpStatusCode.OK), "ro mounts are never excluded");
            Assert.That(afterRelease.Status, Is.EqualTo(HttpStatusCode.OK), afterRelease.Body);
        });
    }

    [Test]
    public async Task ExclusiveMount_WhileAnyRwLeaseLives_409()
    {
        await Mounts.MountOkAsync(_demo, _share, "192.0.2.1");

        var exclusive = await Mounts.MountAsync(_demo, _share, "192.0.2.2", exclusive: true);

        Assert.That(exclusive.Status, Is.EqualTo(HttpStatusCode.Conflict));
        Assert.That(exclusive.ErrorMessage, Does.Contain("needs the share to have none"));
    }

    [Test]
    public async Task ExclusiveMount_WhileOnlyRoLeasesLive_IsGranted()
    {
        await Mounts.MountOkAsync(_demo, _share, "192.0.2.1", level: "ro");

        var exclusive = await Mounts.MountAsync(_demo, _share, "192.0.2.2", exclusive: true);

        Assert.That(exclusive.Status, Is.EqualTo(HttpStatusCode.OK), exclusive.Body);
    }

    [Test]
    public async Task ExclusiveMount_AfterTheHolderExpires_IsGrantedAndTheOldAccessIsWithdrawnFirst()
    {
        var old = await Mounts.MountOkAsync(_demo, _share, "192.0.2.1", seconds: 1, exclusive: true);
        await Task.Delay(1200);

        var next = await Mounts.MountAsync(_demo, _share, "192.0.2.2", exclusive: true);

        Assert.That(next.Status, Is.EqualTo(HttpStatusCode.OK), next.Body);
        var previous = await Mounts.ShowAsync(_demo, old.Id());
        Assert.That(previous.State(), Is.EqualTo("expired"), "a lease whose time is up is over on the server's clock, sweep or not");
        Assert.That(previous["access"]!.GetValue<string>(), Is.EqualTo("withdrawn"));
        Assert.That(next.Json["mount"]!.Token(), Is.GreaterThan(old.Token()));
    }

    [Test]
    public async Task ConcurrentExclusiveMounts_ExactlyOneWins()
    {
        var attempts = await Task.WhenAll(Enumerable.Range(0, 16).Select(i => Mounts.MountAsync(_demo, _share, $"192.0.2.{i + 1}", exclusive: true)));

        Assert.That(attempts.Count(a => a.Status == HttpStatusCode.OK), Is.EqualTo(1));
        Assert.That(attempts.Count(a => a.Status == HttpStatusCode.Conflict), Is.EqualTo(15));
        Assert.That((await _demo.GetAsync($"/v2/sharehost/mounts?share_id={_share}&state=active")).Json["mounts"]!.AsArray(), Has.Count.EqualTo(1),
            "refused mounts leave no lease behind");
    }
}
