using System.Net;
using ShareHost.Tests.Infrastructure;

namespace ShareHost.Tests.Features.Shares;

/// <summary>Extend asks the scheduler whether the share's own pool can take the growth (pools of 10 GiB here).</summary>
public sealed class ExtendSharePoolCheckTests
{
    private TestHost _host = null!;
    private ApiClient _admin = null!;

    [SetUp]
    public void SetUp()
    {
        _host = new TestHost(settings: new Dictionary<string, string?>
        {
            ["Backends:dummy1:Options:Pools:0:TotalCapacityGb"] = "10",
            ["Backends:dummy2:Options:Pools:0:TotalCapacityGb"] = "10",
        });
        _admin = _host.Client();
    }

    [TearDown]
    public void TearDown()
    {
        _admin.Dispose();
        _host.Dispose();
    }

    [Test]
    public async Task Extend_PoolTooSmall_StaysAvailableWithCapacityMessage()
    {
        var id = await _admin.AvailableShareAsync(size: 5);

        var response = await _admin.ActionAsync(id, new { extend = new { new_size = 50 } });
        await _host.IdleAsync();

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.Accepted), response.Body);
        var share = await _admin.ShowAsync(id);
        Assert.That(share["status"]!.GetValue<string>(), Is.EqualTo("available"));
        Assert.That(share["size"]!.GetValue<int>(), Is.EqualTo(5));
        var message = (await _host.MessagesAsync(id)).Single();
        Assert.Multiple(() =>
        {
            Assert.That(message.ActionId, Is.EqualTo("008"));
            Assert.That(message.DetailId, Is.EqualTo("009"));
            Assert.That(message.UserMessage, Does.Contain("Capacity filter didn't succeed").And.Contain("Capacity removed"));
        });
    }

    [Test]
    public async Task Extend_PoolTooSmallButForcedByAdmin_SkipsTheCheck()
    {
        var id = await _admin.AvailableShareAsync(size: 5);

        var response = await _admin.ActionAsync(id, new { extend = new { new_size = 50, force = true } });
        await _host.IdleAsync();

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.Accepted), response.Body);
        var share = await _admin.ShowAsync(id);
        Assert.That(share["status"]!.GetValue<string>(), Is.EqualTo("available"));
        Assert.That(share["size"]!.GetValue<int>(), Is.EqualTo(50));
        Assert.That(await _host.MessagesAsync(id), Is.Empty);
    }

    [Test]
    public async Task Extend_WithinThePool_Succeeds()
    {
        var id = await _admin.AvailableShareAsync(size: 5);

        await _admin.ActionAsync(id, new { extend = new { new_size = 8 } });
        await _host.IdleAsync();

        Assert.That((await _admin.ShowAsync(id))["size"]!.GetValue<int>(), Is.EqualTo(8));
        Assert.That(await _host.MessagesAsync(id), Is.Empty);
    }
}
