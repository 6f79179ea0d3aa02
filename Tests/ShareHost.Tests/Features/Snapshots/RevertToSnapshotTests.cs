using System.Net;
using ShareHost.Tests.Api;
using ShareHost.Tests.Infrastructure;

namespace ShareHost.Tests.Features.Snapshots;

/// <summary>The share action <c>revert</c> (2.27): to the latest snapshot, keeping every snapshot (manila-zed §4.1, §7.6).</summary>
public sealed class RevertToSnapshotTests
{
    private TestHost _host = null!;
    private ApiClient _demo = null!;
    private ApiClient _admin = null!;

    // One host for the fixture: each test works on shares and snapshots of its own; the two that make the driver
    // fail or slow start their own host.
    [OneTimeSetUp]
    public async Task OneTimeSetUp()
    {
        _host = new TestHost();
        _demo = _host.Client(TestHost.DemoToken);
        _admin = _host.Client();
        await _host.CreateSnapshotTypeAsync();
    }

    [SetUp]
    public void ResetClients() => _demo.Version = "2.72";

    [OneTimeTearDown]
    public void TearDown()
    {
        _demo.Dispose();
        _admin.Dispose();
        _host.Dispose();
    }

    [Test]
    public async Task Revert_ToLatest_RestoresTheContentAndKeepsEverySnapshot()
    {
        var share = await _demo.SnapshotableShareAsync();
        await _host.WriteAsync(share);
        var first = await _demo.AvailableSnapshotAsync(share, "v1");
        var atSecond = await _host.WriteAsync(share);
        var second = await _demo.AvailableSnapshotAsync(share, "v2");
        await _host.WriteAsync(share);
        await _host.WriteAsync(share);
        var before = await _host.ContentVersionAsync(share);
        var instance = (await _host.ShareRecordAsync(share)).InstanceId;
        var driver = await _host.DummyOfShareAsync(share);
        var onBackendBefore = (IReadOnlyList<string>)driver.SnapshotsOf(instance);

        var response = await Revert(share, second);
        await _demo.WaitForShareAsync(share, "available");
        await _demo.WaitForSnapshotAsync(second, "available");

        var after = await _host.ContentVersionAsync(share);
        var listed = await _demo.SnapshotIdsAsync(share);
        var onBackendAfter = (IReadOnlyList<string>)driver.SnapshotsOf(instance);
        var firstStatus = (await _demo.GetAsync($"/v2/snapshots/{first}")).Json["snapshot"]!["status"]!.GetValue<string>();

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.Accepted), response.Body);
        Assert.Multiple(() =>
        {
            Assert.That(before, Is.EqualTo(atSecond + 2));
            Assert.That(after, Is.EqualTo(atSecond), "the share serves the snapshot's content");
            Assert.That(listed, Is.EquivalentTo(new[] { first, second }), "every snapshot is kept");
            Assert.That(onBackendAfter, Is.EqualTo(onBackendBefore), "and kept on the backend too");
            Assert.That(onBackendAfter, Has.Count.EqualTo(2));
            Assert.That(firstStatus, Is.EqualTo("available"));
        });
    }

    [Test]
    public async Task Revert_WhileRunning_ShareRevertingAndSnapshotRestoring()
    {
        using var host = new TestHost();
        using var demo = host.Client(TestHost.DemoToken);
        await host.CreateSnapshotTypeAsync();
        var share = await demo.SnapshotableShareAsync();
        var snapshot = await demo.AvailableSnapshotAsync(share);
        host.Configuration["Backends:dummy1:Options:LatencyMs:RevertToSnapshot"] = "1500";
        host.Configuration["Backends:dummy2:Options:LatencyMs:RevertToSnapshot"] = "1500";

        await Revert(share, snapshot, demo);
        var during = await demo.GetAsync($"/v2/shares/{share}");
        var snapshotDuring = await demo.GetAsync($"/v2/snapshots/{snapshot}");
        var second = await Revert(share, snapshot, demo);

        Assert.That(during.Json["share"]!["status"]!.GetValue<string>(), Is.EqualTo("reverting"));
        Assert.That(snapshotDuring.Json["snapshot"]!["status"]!.GetValue<string>(), Is.EqualTo("restoring"));
        Fault.AssertIs(second, HttpStatusCode.Conflict, "available");
        await demo.WaitForShareAsync(share, "available");
    }

    [Test]
    public async Task Revert_AfterExtend_ShareTakesTheSnapshotsSize()
    {
        var share = await _demo.SnapshotableShareAsync(size: 1);
        var snapshot = await _demo.AvailableSnapshotAsync(share);
        await _demo.PostAsync($"/v2/shares/{share}/action", new { extend = new { new_size = 3 } });
        await _demo.WaitForShareAsync(share, "available");

        await Revert(share, snapshot);
        var reverted = await _demo.WaitForShareAsync(share, "available");

        Assert.That(reverted["size"]!.GetValue<int>(), Is.EqualTo(1));
    }

    [Test]
    public async Task Revert_NotTheLatest_Answers409AndChangesNothing()
    {
        var share = await _demo.SnapshotableShareAsync();
        var older = await _demo.AvailableSnapshotAsync(share);
        await _demo.AvailableSnapshotAsync(share);
        var version = await _host.WriteAsync(share);

        var response = await Revert(share, older);

        Fault.AssertIs(response, HttpStatusCode.Conflict, "latest");
        await AssertUnchangedAsync(share, version);
    }

    [Test]
    public async Task Revert_SnapshotNotAvailable_Answers409()
    {
        var share = await _demo.SnapshotableShareAsync();
        var snapshot = await _demo.AvailableSnapshotAsync(share);
        await _admin.SnapshotActionAsync(snapshot, new { reset_status = new { status = "error" } });
        var version = await _host.WriteAsync(share);

        var response = await Revert(share, snapshot);

        Fault.AssertIs(response, HttpStatusCode.Conflict, snapshot, "available");
        await AssertUnchangedAsync(share, version);
    }

    [Test]
    public async Task Revert_ShareNotAvailable_Answers409()
    {
        var share = await _demo.SnapshotableShareAsync();
        var snapshot = await _demo.AvailableSnapshotAsync(share);
        await _admin.PostAsync($"/v2/shares/{share}/action", new { reset_status = new { status = "error" } });

        var response = await Revert(share, snapshot);

        Fault.AssertIs(response, HttpStatusCode.Conflict, share, "available");
        Assert.That((await _demo.GetAsync($"/v2/snapshots/{snapshot}")).Json["snapshot"]!["status"]!.GetValue<string>(), Is.EqualTo("available"));
    }

    [Test]
    public async Task Revert_AccessRulesNotActive_Answers409()
    {
        var share = await _demo.SnapshotableShareAsync();
        var snapshot = await _demo.AvailableSnapshotAsync(share);
        await TestData.SetInstanceColumnAsync(_host, share, "access_rules_status", "syncing");

        var response = await Revert(share, snapshot);

        Fault.AssertIs(response, HttpStatusCode.Conflict, "access rules");
    }

    [Test]
    public async Task Revert_SnapshotOfAnotherShare_Answers400()
    {
        var share = await _demo.SnapshotableShareAsync();
        var other = await _demo.SnapshotableShareAsync();
        var othersSnapshot = await _demo.AvailableSnapshotAsync(other);

        var response = await Revert(share, othersSnapshot);

        Fault.AssertIs(response, HttpStatusCode.BadRequest, "revert.snapshot_id", other);
    }

    [Test]
    public async Task Revert_SnapshotOfAnotherProject_Answers404()
    {
        var share = await _demo.SnapshotableShareAsync();
        await _demo.AvailableSnapshotAsync(share);
        var adminShare = await _admin.SnapshotableShareAsync();
        var adminSnapshot = await _admin.AvailableSnapshotAsync(adminShare);

        var response = await Revert(share, adminSnapshot);

        Fault.AssertIs(response, HttpStatusCode.NotFound, adminSnapshot);
    }

    [Test]
    public async Task Revert_TypeWithoutRevertSupport_Answers400()
    {
        await _host.CreateSnapshotTypeAsync("snap-only", new Dictionary<string, string> { ["snapshot_support"] = "True" });
        var share = await _demo.SnapshotableShareAsync(type: "snap-only");
        var snapshot = await _demo.AvailableSnapshotAsync(share);

        var response = await Revert(share, snapshot);

        Fault.AssertIs(response, HttpStatusCode.BadRequest, "revert_to_snapshot_support");
    }

    [TestCase("{\"revert\": {}}", "revert.snapshot_id")]
    [TestCase("{\"revert\": {\"snapshot_id\": 7, \"x\": 1}}", "revert")]
    [TestCase("{\"revert\": null}", "revert")]
    public async Task Revert_BadBody_Answers400(string body, string field)
    {
        var share = await _demo.SnapshotableShareAsync();

        var response = await _demo.SendAsync(HttpMethod.Post, $"/v2/shares/{share}/action", rawBody: body);

        Fault.AssertIs(response, HttpStatusCode.BadRequest, field);
    }

    [Test]
    public async Task Revert_Before2_27_Answers404()
    {
        var share = await _demo.SnapshotableShareAsync();
        var snapshot = await _demo.AvailableSnapshotAsync(share);
        _demo.Version = "2.26";

        var response = await Revert(share, snapshot);

        Fault.AssertIs(response, HttpStatusCode.NotFound);
    }

    [Test]
    public async Task Revert_DriverFails_RevertingErrorWithMessage006AndSnapshotAvailable()
    {
        using var host = new TestHost();
        using var demo = host.Client(TestHost.DemoToken);
        await host.CreateSnapshotTypeAsync();
        var share = await demo.SnapshotableShareAsync();
        var snapshot = await demo.AvailableSnapshotAsync(share);
        host.Fail("RevertToSnapshot");

        await Revert(share, snapshot, demo);
        await demo.WaitForShareAsync(share, "reverting_error");
        var messages = await host.MessagesAboutAsync(share);

        Assert.That((await demo.GetAsync($"/v2/snapshots/{snapshot}")).Json["snapshot"]!["status"]!.GetValue<string>(), Is.EqualTo("available"));
        Assert.That(messages, Has.Count.EqualTo(1));
        Assert.That(messages[0].ActionId, Is.EqualTo("006"));
        Assert.That(messages[0].UserMessage, Does.StartWith("revert to snapshot:").And.Contain("Injected failure"));
    }

    private Task<ApiClient.Response> Revert(string share, string snapshot, ApiClient? demo = null) =>
        (demo ?? _demo).PostAsync($"/v2/shares/{share}/action", new { revert = new { snapshot_id = snapshot } });

    private async Task AssertUnchangedAsync(string share, long version)
    {
        Assert.That((await _demo.GetAsync($"/v2/shares/{share}")).Json["share"]!["status"]!.GetValue<string>(), Is.EqualTo("available"));
        Assert.That(await _host.ContentVersionAsync(share), Is.EqualTo(version));
    }
}
