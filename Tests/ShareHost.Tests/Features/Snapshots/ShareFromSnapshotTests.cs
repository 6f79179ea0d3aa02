using System.Net;
using ShareHost.Tests.Api;
using ShareHost.Tests.Infrastructure;

namespace ShareHost.Tests.Features.Snapshots;

/// <summary>
/// <c>snapshot_id</c> on share create (manila-zed §3.1, §6.1, §7.6): placed by the CreateFromSnapshot filter and the
/// host-affinity weigher on a backend that can do it, and the new share starts with the snapshot's content.
/// </summary>
public sealed class ShareFromSnapshotTests
{
    private TestHost? _host;
    private ApiClient? _demo;

    [TearDown]
    public void TearDown()
    {
        _demo?.Dispose();
        _host?.Dispose();
    }

    [Test]
    public async Task CreateFromSnapshot_SameBackend_CarriesTheSnapshotsContentAndSize()
    {
        var (host, demo) = await StartAsync();
        var parent = await demo.SnapshotableShareAsync(size: 2, zone: "az1");
        await host.WriteAsync(parent);
        var captured = await host.WriteAsync(parent);
        var snapshot = await demo.AvailableSnapshotAsync(parent);
        await host.WriteAsync(parent);

        var response = await demo.PostAsync("/v2/shares", new { share = new { share_proto = "NFS", snapshot_id = snapshot, name = "clone" } });
        var id = response.Json["share"]!["id"]!.GetValue<string>();
        var created = await demo.WaitForShareAsync(id, "available");
        var record = await host.ShareRecordAsync(id);

        var content = await host.ContentVersionAsync(id);
        var parentContent = await host.ContentVersionAsync(parent);
        var filtered = await demo.GetAsync($"/v2/shares?snapshot_id={snapshot}");

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.OK), response.Body);
        Assert.Multiple(() =>
        {
            Assert.That(created["snapshot_id"]!.GetValue<string>(), Is.EqualTo(snapshot));
            Assert.That(created["size"]!.GetValue<int>(), Is.EqualTo(2), "size omitted: the snapshot's");
            Assert.That(created["share_type_name"]!.GetValue<string>(), Is.EqualTo(SnapshotTestSupport.SnapType), "the parent's type");
            Assert.That(created["create_share_from_snapshot_support"]!.GetValue<bool>(), Is.True);
            Assert.That(record.Backend, Is.EqualTo("dummy1"));
            Assert.That(content, Is.EqualTo(captured), "the snapshot's content, not the parent's current one");
            Assert.That(parentContent, Is.EqualTo(captured + 1));
            Assert.That(filtered.Json["shares"]!.AsArray().Select(s => s!["id"]!.GetValue<string>()), Is.EqualTo(new[] { id }));
        });
    }

    [Test]
    public async Task CreateFromSnapshot_SnapshotBackendFull_LandsOnABackendOfTheSameReplicationDomain()
    {
        var (host, demo) = await StartAsync(new Dictionary<string, string?>
        {
            ["Backends:dummy1:Options:Pools:0:TotalCapacityGb"] = "10",
            ["Backends:dummy1:Options:Pools:0:ReplicationDomain"] = "lab",
            ["Backends:dummy2:Options:Pools:0:ReplicationDomain"] = "lab",
        });
        var parent = await demo.SnapshotableShareAsync(size: 5, zone: "az1");
        var captured = await host.WriteAsync(parent);
        var snapshot = await demo.AvailableSnapshotAsync(parent);

        var id = await CreateFromAsync(demo, snapshot, size: 8);
        await demo.WaitForShareAsync(id, "available");

        Assert.That((await host.ShareRecordAsync(id)).Backend, Is.EqualTo("dummy2"));
        Assert.That(await host.ContentVersionAsync(id), Is.EqualTo(captured));
    }

    [Test]
    public async Task CreateFromSnapshot_NoBackendCanDoIt_ErrorWithTheCreateFromSnapshotFilterMessage()
    {
        var (host, demo) = await StartAsync(new Dictionary<string, string?> { ["Backends:dummy1:Options:Pools:0:TotalCapacityGb"] = "10" });
        var parent = await demo.SnapshotableShareAsync(size: 5, zone: "az1");
        var snapshot = await demo.AvailableSnapshotAsync(parent);

        var id = await CreateFromAsync(demo, snapshot, size: 8);
        await demo.WaitForShareAsync(id, "error");
        var messages = await host.MessagesAboutAsync(id);

        Assert.That(messages, Has.Count.EqualTo(1));
        Assert.Multiple(() =>
        {
            Assert.That(messages[0].DetailId, Is.EqualTo("016"));
            Assert.That(messages[0].UserMessage, Does.Contain("CreateFromSnapshot filter didn't succeed")
                .And.Contain("Capacity removed sharehost@dummy1#pool-a").And.Contain("CreateFromSnapshot removed sharehost@dummy2#pool-a"));
        });
    }

    [Test]
    public async Task CreateFromSnapshot_OnlyOtherPoolOfTheBackendCanDoIt_LandsThere()
    {
        var (host, demo) = await StartAsync(new Dictionary<string, string?>
        {
            ["Backends:dummy1:Options:Pools:0:TotalCapacityGb"] = "10",
            ["Backends:dummy1:Options:Pools:1:Name"] = "pool-b",
            ["Backends:dummy1:Options:Pools:1:TotalCapacityGb"] = "100",
            ["Backends:dummy1:Options:Pools:1:CreateShareFromSnapshotSupport"] = "false",
            ["Backends:dummy1:Options:Pools:2:Name"] = "pool-c",
            ["Backends:dummy1:Options:Pools:2:TotalCapacityGb"] = "9",
        });
        var parent = await demo.SnapshotableShareAsync(size: 5, zone: "az1");
        var snapshot = await demo.AvailableSnapshotAsync(parent);

        var id = await CreateFromAsync(demo, snapshot, size: 8);
        await demo.WaitForShareAsync(id, "available");
        var record = await host.ShareRecordAsync(id);

        Assert.That(record.Backend, Is.EqualTo("dummy1"));
        Assert.That(record.Pool, Is.EqualTo("pool-c"), "pool-a is too full, pool-b cannot create from snapshots, dummy2 is another backend");
    }

    [Test]
    public async Task CreateFromSnapshot_SmallerThanTheSnapshot_Answers400AndCreatesNothing()
    {
        var (host, demo) = await StartAsync();
        var parent = await demo.SnapshotableShareAsync(size: 3);
        var snapshot = await demo.AvailableSnapshotAsync(parent);

        var response = await demo.PostAsync("/v2/shares", new { share = new { share_proto = "NFS", size = 2, snapshot_id = snapshot } });

        Fault.AssertIs(response, HttpStatusCode.BadRequest, "share.size", "3 GiB");
        Assert.That(await host.CountAsync("SELECT COUNT(*) FROM shares"), Is.EqualTo(1));
    }

    [Test]
    public async Task CreateFromSnapshot_AnotherProjectsSnapshot_Answers404()
    {
        var (host, demo) = await StartAsync();
        using var other = host.Client(TestHost.OtherToken);
        var parent = await demo.SnapshotableShareAsync();
        var snapshot = await demo.AvailableSnapshotAsync(parent);

        var response = await other.PostAsync("/v2/shares", new { share = new { share_proto = "NFS", snapshot_id = snapshot } });

        Fault.AssertIs(response, HttpStatusCode.NotFound, snapshot);
        Assert.That(await host.CountAsync("SELECT COUNT(*) FROM shares"), Is.EqualTo(1));
    }

    [Test]
    public async Task CreateFromSnapshot_UnknownSnapshot_Answers404()
    {
        var (_, demo) = await StartAsync();
        var unknown = Guid.NewGuid().ToString();

        var response = await demo.PostAsync("/v2/shares", new { share = new { share_proto = "NFS", size = 1, snapshot_id = unknown } });

        Fault.AssertIs(response, HttpStatusCode.NotFound, unknown);
    }

    [Test]
    public async Task CreateFromSnapshot_SnapshotNotAvailable_Answers400()
    {
        var (host, demo) = await StartAsync();
        using var admin = host.Client();
        var parent = await demo.SnapshotableShareAsync();
        var snapshot = await demo.AvailableSnapshotAsync(parent);
        await admin.SnapshotActionAsync(snapshot, new { reset_status = new { status = "error" } });

        var response = await demo.PostAsync("/v2/shares", new { share = new { share_proto = "NFS", snapshot_id = snapshot } });

        Fault.AssertIs(response, HttpStatusCode.BadRequest, "share.snapshot_id", "available");
    }

    [Test]
    public async Task CreateFromSnapshot_ParentTypeWithoutCreateFromSnapshot_Answers400()
    {
        var (host, demo) = await StartAsync();
        await host.CreateSnapshotTypeAsync("snap-only", new Dictionary<string, string> { ["snapshot_support"] = "True" });
        var parent = await demo.SnapshotableShareAsync(type: "snap-only");
        var snapshot = await demo.AvailableSnapshotAsync(parent);

        var response = await demo.PostAsync("/v2/shares", new { share = new { share_proto = "NFS", snapshot_id = snapshot } });

        Fault.AssertIs(response, HttpStatusCode.BadRequest, "create_share_from_snapshot_support");
    }

    [Test]
    public async Task CreateFromSnapshot_AnotherShareType_Answers400()
    {
        var (host, demo) = await StartAsync();
        await host.CreateSnapshotTypeAsync("snap2");
        var parent = await demo.SnapshotableShareAsync();
        var snapshot = await demo.AvailableSnapshotAsync(parent);

        var response = await demo.PostAsync("/v2/shares", new { share = new { share_proto = "NFS", snapshot_id = snapshot, share_type = "snap2" } });
        var same = await demo.PostAsync("/v2/shares", new { share = new { share_proto = "NFS", snapshot_id = snapshot, share_type = SnapshotTestSupport.SnapType } });

        Fault.AssertIs(response, HttpStatusCode.BadRequest, "share.share_type", "snap2");
        Assert.That(same.Status, Is.EqualTo(HttpStatusCode.OK), same.Body);
    }

    [Test]
    public async Task CreateFromSnapshot_AnotherProtocol_Answers400()
    {
        var (_, demo) = await StartAsync();
        var parent = await demo.SnapshotableShareAsync();
        var snapshot = await demo.AvailableSnapshotAsync(parent);

        var response = await demo.PostAsync("/v2/shares", new { share = new { share_proto = "CIFS", snapshot_id = snapshot } });

        Fault.AssertIs(response, HttpStatusCode.BadRequest, "share.share_proto", "NFS");
    }

    [Test]
    public async Task CreateFromSnapshot_DriverFails_ErrorWithMessage017()
    {
        var (host, demo) = await StartAsync();
        var parent = await demo.SnapshotableShareAsync();
        var snapshot = await demo.AvailableSnapshotAsync(parent);
        host.Fail("CreateShareFromSnapshot");

        var id = await CreateFromAsync(demo, snapshot);
        await demo.WaitForShareAsync(id, "error");
        var messages = await host.MessagesAboutAsync(id);

        Assert.That(messages, Has.Count.EqualTo(1));
        Assert.That(messages[0].ActionId, Is.EqualTo("002"));
        Assert.That(messages[0].DetailId, Is.EqualTo("017"));
        Assert.That(messages[0].UserMessage, Does.Contain("failed to create the share from snapshot").And.Contain("Injected failure"));
    }

    [Test]
    public async Task DeleteSnapshot_WhileAShareIsCreatedFromIt_Answers409()
    {
        var (host, demo) = await StartAsync();
        var parent = await demo.SnapshotableShareAsync();
        var snapshot = await demo.AvailableSnapshotAsync(parent);
        host.Configuration["Backends:dummy1:Options:LatencyMs:CreateShareFromSnapshot"] = "1500";
        host.Configuration["Backends:dummy2:Options:LatencyMs:CreateShareFromSnapshot"] = "1500";

        var id = await CreateFromAsync(demo, snapshot);
        var delete = await demo.DeleteAsync($"/v2/snapshots/{snapshot}");
        await demo.WaitForShareAsync(id, "available");

        Fault.AssertIs(delete, HttpStatusCode.Conflict, id);
        Assert.That((await demo.GetAsync($"/v2/snapshots/{snapshot}")).Json["snapshot"]!["status"]!.GetValue<string>(), Is.EqualTo("available"));
    }

    private async Task<(TestHost Host, ApiClient Demo)> StartAsync(IDictionary<string, string?>? settings = null)
    {
        _host = new TestHost(settings: settings);
        await _host.CreateSnapshotTypeAsync();
        _demo = _host.Client(TestHost.DemoToken);
        return (_host, _demo);
    }

    private static async Task<string> CreateFromAsync(ApiClient client, string snapshot, int? size = null)
    {
        var response = await client.PostAsync("/v2/shares", new { share = new { share_proto = "NFS", size, snapshot_id = snapshot } });
        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.OK), response.Body);
        return response.Json["share"]!["id"]!.GetValue<string>();
    }
}
