using ShareHost.Features.Backends;
using ShareHost.Features.Services;

namespace ShareHost.Tests.Features.Services;

public sealed class ServiceCatalogTests
{
    private static readonly DateTime Now = new(2024, 5, 1, 12, 0, 0, DateTimeKind.Utc);
    private static readonly TimeSpan DownTime = TimeSpan.FromSeconds(180);

    [Test]
    public void Health_UpWithFreshStats_IsUp()
    {
        var status = new BackendStatus(true, null, null, Now.AddSeconds(-179));

        var (up, reason) = status.Health(Now, DownTime);

        Assert.That(up, Is.True);
        Assert.That(reason, Is.Null);
    }

    [Test]
    public void Health_UpWithStatsOlderThanDownTime_IsDownSayingHowOld()
    {
        var status = new BackendStatus(true, null, null, Now.AddSeconds(-181));

        var (up, reason) = status.Health(Now, DownTime);

        Assert.That(up, Is.False);
        Assert.That(reason, Does.Contain("181 s").And.Contain("service_down_time is 180 s"));
    }

    [Test]
    public void Health_Down_IsDownWithTheBackendsReason()
    {
        var status = new BackendStatus(false, "plugin 'X' failed to load: corrupt", null, Now);

        var (up, reason) = status.Health(Now, DownTime);

        Assert.That(up, Is.False);
        Assert.That(reason, Is.EqualTo("plugin 'X' failed to load: corrupt"));
    }

    [Test]
    public void Health_UpWithoutAnyStats_IsDown()
    {
        var status = new BackendStatus(true, null, null, null);

        var (up, reason) = status.Health(Now, DownTime);

        Assert.That(up, Is.False);
        Assert.That(reason, Does.Contain("not reported"));
    }
}
