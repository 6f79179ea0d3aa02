using System.Net;
using ShareHost.Tests.Infrastructure;

namespace ShareHost.Tests.Features.Shares;

/// <summary>The Dummy backends here report 3 GiB in use in every share, so shrinking below 3 is refused by the driver.</summary>
public sealed class ShrinkShareTests
{
    private TestHost _host = null!;
    private ApiClient _admin = null!;
    private ApiClient _demo = null!;

    // One host for the fixture: each test works on shares of its own; tests that change the backend or the default
    // type, or read the whole pool's provisioned size, start their own host.
    [OneTimeSetUp]
    public void SetUp()
    {
        _host = new TestHost(settings: new Dictionary<string, string?>
        {
            ["Backends:dummy1:Options:UsedGb"] = "3",
            ["Backends:dummy2:Options:UsedGb"] = "3",
        });
        _admin = _host.Client();
        _demo = _host.Client(TestHost.DemoToken);
    }

    [SetUp]
    public void ResetClients()
    {
        _admin.Version = "2.72";
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
    public async Task Shrink_AboveUsedSpace_ShrinksTheShareAndTheDriversCopy()
    {
        using var host = new TestHost(settings: new Dictionary<string, string?> { ["Backends:dummy1:Options:UsedGb"] = "3", ["Backends:dummy2:Options:UsedGb"] = "3" });
        using var admin = host.Client();
        using var demo = host.Client(TestHost.DemoToken);
        var id = await demo.AvailableShareAsync(size: 6);

        var response = await demo.ActionAsync(id, new { shrink = new { new_size = 4 } });
        await host.IdleAsync();

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.Accepted), response.Body);
        var share = await admin.ShowAsync(id);
        var provisioned = await host.DriverProvisionedGbAsync(share);
        Assert.Multiple(() =>
        {
            Assert.That(share["status"]!.GetValue<string>(), Is.EqualTo("available"));
            Assert.That(share["size"]!.GetValue<int>(), Is.EqualTo(4));
            Assert.That(provisioned, Is.EqualTo(4));
        });
    }

    [Test]
    public async Task Shrink_BelowUsedSpace_StaysAvailableWithPossibleDataLossMessage()
    {
        using var host = new TestHost(settings: new Dictionary<string, string?> { ["Backends:dummy1:Options:UsedGb"] = "3", ["Backends:dummy2:Options:UsedGb"] = "3" });
        using var admin = host.Client();
        using var demo = host.Client(TestHost.DemoToken);
        var id = await demo.AvailableShareAsync(size: 6);

        var response = await demo.ActionAsync(id, new { shrink = new { new_size = 2 } });
        await host.IdleAsync();

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.Accepted));
        var share = await admin.ShowAsync(id);
        Assert.That(share["status"]!.GetValue<string>(), Is.EqualTo("available"));
        Assert.That(share["size"]!.GetValue<int>(), Is.EqualTo(6));
        Assert.That(await host.DriverProvisionedGbAsync(share), Is.EqualTo(6));
        var message = (await host.MessagesAsync(id)).Single();
        Assert.Multiple(() =>
        {
            Assert.That(message.ActionId, Is.EqualTo("009"));
            Assert.That(message.DetailId, Is.EqualTo("018"));
            Assert.That(message.UserMessage, Does.StartWith("shrink: Share Driver refused to shrink the share"));
        });
    }

    [Test]
    public async Task Shrink_LegacyNameAt2_6_IsAccepted()
    {
        var id = await _demo.AvailableShareAsync(size: 6);
        _demo.Version = "2.6";

        var response = await _demo.ActionAsync(id, new Dictionary<string, object> { ["os-shrink"] = new { new_size = 5 } });
        await _host.IdleAsync();

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.Accepted), response.Body);
        Assert.That((await _demo.ShowAsync(id))["size"]!.GetValue<int>(), Is.EqualTo(5));
    }

    [TestCase(6)]
    [TestCase(7)]
    public async Task Shrink_NewSizeNotSmaller_Is400(int newSize)
    {
        var id = await _demo.AvailableShareAsync(size: 6);

        var response = await _demo.ActionAsync(id, new { shrink = new { new_size = newSize } });

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(response.ErrorMessage, Does.Contain("new_size").And.Contain("less than current size"));
    }

    [TestCase("{\"shrink\": {\"new_size\": 0}}")]
    [TestCase("{\"shrink\": {\"new_size\": -1}}")]
    [TestCase("{\"shrink\": {}}")]
    public async Task Shrink_NewSizeMissingOrNotPositive_Is400NamingTheField(string body)
    {
        var id = await _demo.AvailableShareAsync(size: 6);

        var response = await _demo.SendAsync(HttpMethod.Post, $"/v2/shares/{id}/action", rawBody: body);

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(response.ErrorMessage, Does.Contain("shrink.new_size"));
    }

    [Test]
    public async Task Shrink_ShareNotAvailable_Is400()
    {
        var id = await _demo.AvailableShareAsync(size: 6);
        await _admin.ActionAsync(id, new { reset_status = new { status = "error" } });

        var response = await _demo.ActionAsync(id, new { shrink = new { new_size = 4 } });

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(response.ErrorMessage, Does.Contain("shrinking_possible_data_loss_error"));
    }

    [Test]
    public async Task Shrink_Reader_Is403()
    {
        var id = await _demo.AvailableShareAsync(size: 6);
        using var reader = _host.Client(TestHost.ReaderToken);

        var response = await reader.ActionAsync(id, new { shrink = new { new_size = 4 } });

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.Forbidden));
    }

    [Test]
    public async Task Shrink_OtherProjectsShare_Is404()
    {
        var id = await _demo.AvailableShareAsync(size: 6);
        using var other = _host.Client(TestHost.OtherToken);

        var response = await other.ActionAsync(id, new { shrink = new { new_size = 4 } });

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task Shrink_DriverFails_EndsInShrinkingErrorWithMessage()
    {
        using var host = new TestHost(settings: new Dictionary<string, string?> { ["Backends:dummy1:Options:UsedGb"] = "3", ["Backends:dummy2:Options:UsedGb"] = "3" });
        using var demo = host.Client(TestHost.DemoToken);
        var id = await demo.AvailableShareAsync(size: 6);
        host.FailEveryCall("ShrinkShare");

        await demo.ActionAsync(id, new { shrink = new { new_size = 4 } });
        await host.IdleAsync();

        var share = await demo.ShowAsync(id);
        Assert.That(share["status"]!.GetValue<string>(), Is.EqualTo("shrinking_error"));
        Assert.That(share["size"]!.GetValue<int>(), Is.EqualTo(6));
        var message = (await host.MessagesAsync(id)).Single();
        Assert.That(message.ActionId, Is.EqualTo("009"));
        Assert.That(message.UserMessage, Does.Contain("Injected failure"));
    }

    [Test]
    public async Task Shrink_BelowTypeMinimum_Is400()
    {
        using var host = new TestHost(settings: new Dictionary<string, string?> { ["Backends:dummy1:Options:UsedGb"] = "3", ["Backends:dummy2:Options:UsedGb"] = "3" });
        using var demo = host.Client(TestHost.DemoToken);
        var id = await demo.AvailableShareAsync(size: 6);
        await host.SetDefaultTypeSpecAsync("provisioning:min_share_size", "5");

        var response = await demo.ActionAsync(id, new { shrink = new { new_size = 4 } });

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(response.ErrorMessage, Does.Contain("new_size").And.Contain("smaller than share type 'default' allows (5 GiB)"));
    }
}
