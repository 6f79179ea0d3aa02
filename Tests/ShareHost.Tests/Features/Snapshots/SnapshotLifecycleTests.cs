using System.Net;
using ShareHost.Tests.Api;
using ShareHost.Tests.Infrastructure;

namespace ShareHost.Tests.Features.Snapshots;

/// <summary>The snapshot API through the real pipeline and the Dummy plugin (manila-zed §2.3, §3.4, §4.5).</summary>
public sealed class SnapshotLifecycleTests
{
    private TestHost _host = null!;
    private ApiClient _admin = null!;
    private ApiClient _demo = null!;
    private ApiClient _other = null!;

    // One host for the fixture: each test works on shares and snapshots of its own. Tests that list a project's
    // snapshots, count its quota or make the driver fail or slow start their own host.
    [OneTimeSetUp]
    public async Task OneTimeSetUp()
    {
        _host = new TestHost();
        _admin = _host.Client();
        _demo = _host.Client(TestHost.DemoToken);
        _other = _host.Client(TestHost.OtherToken);
        await _host.CreateSnapshotTypeAsync();
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
        _admin.Dispose();
        _demo.Dispose();
        _other.Dispose();
        _host.Dispose();
    }

    [Test]
    public async Task CreateSnapshot_AvailableShare_Answers202CreatingThenAvailable()
    {
        var share = await _demo.SnapshotableShareAsync(size: 3);

        var response = await _demo.PostSnapshotAsync(share, "first", "before the upgrade");
        var id = response.Json["snapshot"]!["id"]!.GetValue<string>();
        var available = await _demo.WaitForSnapshotAsync(id, "available");

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.Accepted), response.Body);
        Assert.Multiple(() =>
        {
            Assert.That(response.Json["snapshot"]!["status"]!.GetValue<string>(), Is.EqualTo("creating"));
            Assert.That(available["share_id"]!.GetValue<string>(), Is.EqualTo(share));
            Assert.That(available["size"]!.GetValue<int>(), Is.EqualTo(3));
            Assert.That(available["share_size"]!.GetValue<int>(), Is.EqualTo(3));
            Assert.That(available["share_proto"]!.GetValue<string>(), Is.EqualTo("NFS"));
            Assert.That(available["name"]!.GetValue<string>(), Is.EqualTo("first"));
            Assert.That(available["description"]!.GetValue<string>(), Is.EqualTo("before the upgrade"));
            Assert.That(available["project_id"]!.GetValue<string>(), Is.EqualTo("demoproject"));
            Assert.That(available["user_id"]!.GetValue<string>(), Is.EqualTo("demo"));
            Assert.That(available["links"]!.AsArray(), Has.Count.EqualTo(2));
        });
    }

    [Test]
    public async Task CreateSnapshot_DisplayNames_AreAcceptedLikeManila()
    {
        using var host = new TestHost();
        using var demo = host.Client(TestHost.DemoToken);
        await host.CreateSnapshotTypeAsync();
        var share = await demo.SnapshotableShareAsync();

        var response = await demo.PostAsync("/v2/snapshots", new { snapshot = new { share_id = share, display_name = "dn", display_description = "dd" } });

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.Accepted), response.Body);
        Assert.That(response.Json["snapshot"]!["name"]!.GetValue<string>(), Is.EqualTo("dn"));
        Assert.That(response.Json["snapshot"]!["description"]!.GetValue<string>(), Is.EqualTo("dd"));
    }

    [TestCase("2.11", false, false)]
    [TestCase("2.12", true, false)]
    [TestCase("2.17", true, true)]
    public async Task ShowSnapshot_AsAdmin_FieldsFollowTheMicroversion(string version, bool providerLocation, bool owners)
    {
        var share = await _admin.SnapshotableShareAsync();
        var id = await _admin.AvailableSnapshotAsync(share);
        _admin.Version = version;

        var snapshot = (await _admin.GetAsync($"/v2/snapshots/{id}")).Json["snapshot"]!.AsObject();

        Assert.Multiple(() =>
        {
            Assert.That(snapshot.ContainsKey("provider_location"), Is.EqualTo(providerLocation));
            Assert.That(snapshot.ContainsKey("user_id"), Is.EqualTo(owners));
            Assert.That(snapshot.ContainsKey("project_id"), Is.EqualTo(owners));
            Assert.That(snapshot.ContainsKey("metadata"), Is.False);
        });
        if (providerLocation)
        {
            Assert.That(snapshot["provider_location"]!.GetValue<string>(), Does.StartWith("dummy:"));
        }
    }

    [Test]
    public async Task ShowSnapshot_AsMember_HidesProviderLocation()
    {
        var share = await _demo.SnapshotableShareAsync();
        var id = await _demo.AvailableSnapshotAsync(share);

        var snapshot = (await _demo.GetAsync($"/v2/snapshots/{id}")).Json["snapshot"]!.AsObject();

        Assert.That(snapshot.ContainsKey("provider_location"), Is.False);
    }

    [Test]
    public async Task ShowSnapshot_AnotherProjects_Answers404()
    {
        using var host = new TestHost();
        using var demo = host.Client(TestHost.DemoToken);
        using var other = host.Client(TestHost.OtherToken);
        await host.CreateSnapshotTypeAsync();
        var share = await demo.SnapshotableShareAsync();
        var id = await demo.AvailableSnapshotAsync(share);

        var response = await other.GetAsync($"/v2/snapshots/{id}");
        var list = await other.GetAsync("/v2/snapshots");
        var update = await other.PutAsync($"/v2/snapshots/{id}", new { snapshot = new { name = "mine" } });
        var delete = await other.DeleteAsync($"/v2/snapshots/{id}");

        Fault.AssertIs(response, HttpStatusCode.NotFound, id);
        Assert.That(list.Json["snapshots"]!.AsArray(), Is.Empty);
        Fault.AssertIs(update, HttpStatusCode.NotFound, id);
        Fault.AssertIs(delete, HttpStatusCode.NotFound, id);
        Assert.That((await demo.GetAsync($"/v2/snapshots/{id}")).Json["snapshot"]!["status"]!.GetValue<string>(), Is.EqualTo("available"));
    }

    [Test]
    public async Task ListSnapshots_SummaryAndDetail_ShowTheProjectsSnapshots()
    {
        using var host = new TestHost();
        using var admin = host.Client();
        using var demo = host.Client(TestHost.DemoToken);
        await host.CreateSnapshotTypeAsync();
        var share = await demo.SnapshotableShareAsync();
        var a = await demo.AvailableSnapshotAsync(share, "a");
        var b = await demo.AvailableSnapshotAsync(share, "b");
        var adminShare = await admin.SnapshotableShareAsync();
        var adminSnapshot = await admin.AvailableSnapshotAsync(adminShare);

        var summary = await demo.GetAsync("/v2/snapshots");
        var detail = await demo.GetAsync("/v2/snapshots/detail");
        var allTenants = await admin.GetAsync("/v2/snapshots?all_tenants=1");

        Assert.That(summary.Json["snapshots"]!.AsArray().Select(s => s!["id"]!.GetValue<string>()), Is.EqualTo(new[] { b, a }), "newest first");
        Assert.That(summary.Json["snapshots"]![0]!.AsObject().Select(p => p.Key), Is.EquivalentTo(new[] { "id", "name", "links" }));
        Assert.That(detail.Json["snapshots"]![0]!["status"]!.GetValue<string>(), Is.EqualTo("available"));
        Assert.That(allTenants.Json["snapshots"]!.AsArray().Select(s => s!["id"]!.GetValue<string>()), Is.EquivalentTo(new[] { a, b, adminSnapshot }));
    }

    [Test]
    public async Task ListSnapshots_FiltersSortingAndPaging_AsManila()
    {
        using var host = new TestHost();
        using var demo = host.Client(TestHost.DemoToken);
        await host.CreateSnapshotTypeAsync();
        var small = await demo.SnapshotableShareAsync(size: 1);
        var big = await demo.SnapshotableShareAsync(size: 2);
        var s1 = await demo.AvailableSnapshotAsync(small, "alpha");
        var s2 = await demo.AvailableSnapshotAsync(big, "beta");
        var s3 = await demo.AvailableSnapshotAsync(big, "alphabet");

        var byShare = await demo.SnapshotIdsAsync(big);
        var byName = await demo.GetAsync("/v2/snapshots?name=alpha");
        var bySize = await demo.GetAsync("/v2/snapshots?size=2");
        var like = await demo.GetAsync("/v2/snapshots?name~=alph&sort_key=name&sort_dir=asc");
        var page = await demo.GetAsync("/v2/snapshots?limit=2&sort_key=created_at&sort_dir=asc");
        var next = await demo.GetAsync("/v2/snapshots?limit=2&offset=2&sort_key=created_at&sort_dir=asc");

        Assert.Multiple(() =>
        {
            Assert.That(byShare, Is.EquivalentTo(new[] { s2, s3 }));
            Assert.That(Ids(byName), Is.EqualTo(new[] { s1 }));
            Assert.That(Ids(bySize), Is.EquivalentTo(new[] { s2, s3 }));
            Assert.That(Ids(like), Is.EqualTo(new[] { s1, s3 }));
            Assert.That(Ids(page), Is.EqualTo(new[] { s1, s2 }));
            Assert.That(page.Json["share_snapshots_links"]![0]!["href"]!.GetValue<string>(), Does.Contain("offset=2"));
            Assert.That(Ids(next), Is.EqualTo(new[] { s3 }));
        });
    }

    [TestCase("/v2/snapshots?sort_key=bogus", "sort_key")]
    [TestCase("/v2/snapshots?sort_dir=up", "sort_dir")]
    [TestCase("/v2/snapshots?limit=-1", "limit")]
    [TestCase("/v2/snapshots?size=big", "size")]
    [TestCase("/v2/snapshots?all_tenants=maybe", "all_tenants")]
    public async Task ListSnapshots_BadParameter_Answers400NamingIt(string url, string parameter)
    {
        var response = await _demo.GetAsync(url);

        Fault.AssertIs(response, HttpStatusCode.BadRequest, parameter);
    }

    [Test]
    public async Task UpdateSnapshot_NameAndDescription_AreChanged()
    {
        var share = await _demo.SnapshotableShareAsync();
        var id = await _demo.AvailableSnapshotAsync(share, "old");

        var renamed = await _demo.PutAsync($"/v2/snapshots/{id}", new { snapshot = new { display_name = "new", description = "why" } });
        var cleared = await _demo.PutAsync($"/v2/snapshots/{id}", new { snapshot = new { name = (string?)null } });

        Assert.That(renamed.Status, Is.EqualTo(HttpStatusCode.OK), renamed.Body);
        Assert.That(renamed.Json["snapshot"]!["name"]!.GetValue<string>(), Is.EqualTo("new"));
        Assert.That(renamed.Json["snapshot"]!["description"]!.GetValue<string>(), Is.EqualTo("why"));
        Assert.That(cleared.Json["snapshot"]!["name"], Is.Null);
        Assert.That(cleared.Json["snapshot"]!["description"]!.GetValue<string>(), Is.EqualTo("why"));
    }

    [TestCase("{\"snapshot\": {}}", "snapshot")]
    [TestCase("{\"snapshot\": {\"status\": \"available\"}}", "status")]
    [TestCase("{\"snapshot\": {\"name\": 5}}", "name")]
    public async Task UpdateSnapshot_BadBody_Answers400AndChangesNothing(string body, string field)
    {
        var share = await _demo.SnapshotableShareAsync();
        var id = await _demo.AvailableSnapshotAsync(share, "kept");

        var response = await _demo.SendAsync(HttpMethod.Put, $"/v2/snapshots/{id}", rawBody: body);

        Fault.AssertIs(response, HttpStatusCode.BadRequest, field);
        Assert.That((await _demo.GetAsync($"/v2/snapshots/{id}")).Json["snapshot"]!["name"]!.GetValue<string>(), Is.EqualTo("kept"));
    }

    [Test]
    public async Task DeleteSnapshot_Available_Answers202AndItIsGoneWithItsBackendCopy()
    {
        var share = await _demo.SnapshotableShareAsync();
        var id = await _demo.AvailableSnapshotAsync(share);
        var instance = (await _host.SnapshotRecordAsync(id)).InstanceId;
        var driver = await _host.DummyOfShareAsync(share);

        var response = await _demo.DeleteAsync($"/v2/snapshots/{id}");
        await _demo.WaitForSnapshotGoneAsync(id);

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.Accepted));
        var left = (IReadOnlyList<string>)driver.SnapshotsOf((await _host.ShareRecordAsync(share)).InstanceId);
        Assert.That(left, Does.Not.Contain(instance));
    }

    [Test]
    public async Task DeleteSnapshot_WhileCreating_Answers400AndKeepsIt()
    {
        using var host = new TestHost();
        using var demo = host.Client(TestHost.DemoToken);
        await host.CreateSnapshotTypeAsync();
        host.Configuration["Backends:dummy1:Options:LatencyMs:CreateSnapshot"] = "1500";
        host.Configuration["Backends:dummy2:Options:LatencyMs:CreateSnapshot"] = "1500";
        var share = await demo.SnapshotableShareAsync();
        var id = await demo.CreateSnapshotAsync(share);

        var response = await demo.DeleteAsync($"/v2/snapshots/{id}");

        Fault.AssertIs(response, HttpStatusCode.BadRequest, "available", "error", "creating");
        await demo.WaitForSnapshotAsync(id, "available");
    }

    [Test]
    public async Task DeleteShare_WithSnapshots_IsRefusedUntilTheyAreGone()
    {
        var share = await _demo.SnapshotableShareAsync();
        var id = await _demo.AvailableSnapshotAsync(share);

        var refused = await _demo.DeleteAsync($"/v2/shares/{share}");
        var forced = await _admin.PostAsync($"/v2/shares/{share}/action", new { force_delete = (object?)null });
        await _demo.DeleteAsync($"/v2/snapshots/{id}");
        await _demo.WaitForSnapshotGoneAsync(id);
        var accepted = await _demo.DeleteAsync($"/v2/shares/{share}");
        await _host.IdleAsync();

        Fault.AssertIs(refused, HttpStatusCode.Forbidden, "1 dependent snapshots");
        Fault.AssertIs(forced, HttpStatusCode.Forbidden, "dependent snapshots");
        Assert.That(accepted.Status, Is.EqualTo(HttpStatusCode.Accepted), accepted.Body);
        Assert.That((await _demo.GetAsync($"/v2/shares/{share}")).Status, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task CreateSnapshot_DriverFails_ErrorWithUserMessageThenDeletable()
    {
        using var host = new TestHost();
        using var demo = host.Client(TestHost.DemoToken);
        await host.CreateSnapshotTypeAsync();
        host.Fail("CreateSnapshot");
        var share = await demo.SnapshotableShareAsync();

        var id = await demo.CreateSnapshotAsync(share);
        await demo.WaitForSnapshotAsync(id, "error");
        var messages = await host.MessagesAboutAsync(id);
        var delete = await demo.DeleteAsync($"/v2/snapshots/{id}");
        await demo.WaitForSnapshotGoneAsync(id);

        Assert.That(messages, Has.Count.EqualTo(1));
        Assert.Multiple(() =>
        {
            Assert.That(messages[0].ResourceType, Is.EqualTo("SHARE_SNAPSHOT"));
            Assert.That(messages[0].ActionId, Is.EqualTo("002"));
            Assert.That(messages[0].UserMessage, Does.Contain("Injected failure"));
            Assert.That(delete.Status, Is.EqualTo(HttpStatusCode.Accepted));
        });
    }

    [Test]
    public async Task DeleteSnapshot_DriverFails_ErrorDeletingThenAdminForceDeleteRemovesIt()
    {
        using var host = new TestHost();
        using var admin = host.Client();
        using var demo = host.Client(TestHost.DemoToken);
        await host.CreateSnapshotTypeAsync();
        var share = await demo.SnapshotableShareAsync();
        var id = await demo.AvailableSnapshotAsync(share);
        host.Fail("DeleteSnapshot");

        await demo.DeleteAsync($"/v2/snapshots/{id}");
        await demo.WaitForSnapshotAsync(id, "error_deleting");
        var memberForce = await demo.SnapshotActionAsync(id, new { force_delete = (object?)null });
        var force = await admin.SnapshotActionAsync(id, new { force_delete = (object?)null });
        await demo.WaitForSnapshotGoneAsync(id);

        Fault.AssertIs(memberForce, HttpStatusCode.Forbidden, "force_delete");
        Assert.That(force.Status, Is.EqualTo(HttpStatusCode.Accepted), force.Body);
        Assert.That((await host.MessagesAboutAsync(id)).Select(m => m.UserMessage), Has.Some.Contains("force-deleted"));
    }

    [Test]
    public async Task ResetStatus_Admin_WritesTheStatus_MemberIsRefused()
    {
        var share = await _demo.SnapshotableShareAsync();
        var id = await _demo.AvailableSnapshotAsync(share);

        var member = await _demo.SnapshotActionAsync(id, new { reset_status = new { status = "error" } });
        var bad = await _admin.SnapshotActionAsync(id, new { reset_status = new { status = "restoring-ish" } });
        var admin = await _admin.SnapshotActionAsync(id, new { reset_status = new { status = "error" } });

        Fault.AssertIs(member, HttpStatusCode.Forbidden, "reset_status");
        Fault.AssertIs(bad, HttpStatusCode.BadRequest, "reset_status.status");
        Assert.That(admin.Status, Is.EqualTo(HttpStatusCode.Accepted), admin.Body);
        Assert.That((await _demo.GetAsync($"/v2/snapshots/{id}")).Json["snapshot"]!["status"]!.GetValue<string>(), Is.EqualTo("error"));
    }

    [Test]
    public async Task SnapshotAction_Unknown_Answers400AndLegacyNameAtNewVersion404()
    {
        var share = await _demo.SnapshotableShareAsync();
        var id = await _demo.AvailableSnapshotAsync(share);

        var unknown = await _admin.SnapshotActionAsync(id, new { unmanage_everything = (object?)null });
        var legacy = await _admin.SnapshotActionAsync(id, new { os_reset_status = new { status = "error" } });
        var legacyName = await _admin.SendAsync(HttpMethod.Post, $"/v2/snapshots/{id}/action", rawBody: "{\"os-reset_status\": {\"status\": \"error\"}}");

        Fault.AssertIs(unknown, HttpStatusCode.BadRequest, "no such action");
        Fault.AssertIs(legacy, HttpStatusCode.BadRequest, "no such action");
        Fault.AssertIs(legacyName, HttpStatusCode.NotFound);
    }

    [Test]
    public async Task Quotas_Snapshots_CountInLimitsAndQuotaSetsAndAreEnforced()
    {
        using var host = new TestHost();
        using var admin = host.Client();
        using var demo = host.Client(TestHost.DemoToken);
        await host.CreateSnapshotTypeAsync();
        var share = await demo.SnapshotableShareAsync(size: 2);
        await demo.AvailableSnapshotAsync(share);
        await admin.PutAsync("/v2/quota-sets/demoproject", new { quota_set = new { snapshots = 1 } });

        var limits = (await demo.GetAsync("/v2/limits")).Json["limits"]!["absolute"]!;
        var detail = (await demo.GetAsync("/v2/quota-sets/demoproject/detail")).Json["quota_set"]!;
        var over = await demo.PostSnapshotAsync(share);

        Assert.Multiple(() =>
        {
            Assert.That(limits["totalShareSnapshotsUsed"]!.GetValue<int>(), Is.EqualTo(1));
            Assert.That(limits["totalSnapshotGigabytesUsed"]!.GetValue<int>(), Is.EqualTo(2));
            Assert.That(detail["snapshots"]!["in_use"]!.GetValue<int>(), Is.EqualTo(1));
            Assert.That(detail["snapshot_gigabytes"]!["in_use"]!.GetValue<int>(), Is.EqualTo(2));
        });
        Fault.AssertIs(over, HttpStatusCode.RequestEntityTooLarge, "snapshots");
        Assert.That(await demo.SnapshotIdsAsync(share), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Quotas_SnapshotGigabytes_AreEnforced()
    {
        using var host = new TestHost();
        using var admin = host.Client();
        using var demo = host.Client(TestHost.DemoToken);
        await host.CreateSnapshotTypeAsync();
        var share = await demo.SnapshotableShareAsync(size: 3);
        await admin.PutAsync("/v2/quota-sets/demoproject", new { quota_set = new { snapshot_gigabytes = 5 } });
        await demo.AvailableSnapshotAsync(share);

        var over = await demo.PostSnapshotAsync(share);

        Fault.AssertIs(over, HttpStatusCode.RequestEntityTooLarge, "snapshot_gigabytes");
    }

    [Test]
    public async Task SnapshotMetadata_From2_73_CreateShowFilterAndEdit()
    {
        using var host = new TestHost();
        using var demo = host.Client(TestHost.DemoToken);
        await host.CreateSnapshotTypeAsync();
        demo.Version = "2.73";
        var share = await demo.SnapshotableShareAsync();
        var created = await demo.PostAsync("/v2/snapshots", new { snapshot = new { share_id = share, metadata = new Dictionary<string, string> { ["env"] = "prod" } } });
        var id = created.Json["snapshot"]!["id"]!.GetValue<string>();
        await demo.WaitForSnapshotAsync(id, "available");

        var merged = await demo.PostAsync($"/v2/snapshots/{id}/metadata", new { metadata = new { tier = "gold" } });
        var item = await demo.GetAsync($"/v2/snapshots/{id}/metadata/tier");
        var filtered = await demo.GetAsync("/v2/snapshots?metadata={'env': 'prod'}");
        var none = await demo.GetAsync("/v2/snapshots?metadata={'env': 'dev'}");
        var deleted = await demo.DeleteAsync($"/v2/snapshots/{id}/metadata/env");
        var replaced = await demo.PutAsync($"/v2/snapshots/{id}/metadata", new { metadata = new { only = "this" } });
        var shown = (await demo.GetAsync($"/v2/snapshots/{id}")).Json["snapshot"]!;
        demo.Version = "2.72";
        var before = await demo.GetAsync($"/v2/snapshots/{id}/metadata");

        Assert.Multiple(() =>
        {
            Assert.That(created.Json["snapshot"]!["metadata"]!["env"]!.GetValue<string>(), Is.EqualTo("prod"));
            Assert.That(merged.Json["metadata"]!.AsObject().Select(p => p.Key), Is.EquivalentTo(new[] { "env", "tier" }));
            Assert.That(item.Json["meta"]!["tier"]!.GetValue<string>(), Is.EqualTo("gold"));
            Assert.That(Ids(filtered), Is.EqualTo(new[] { id }));
            Assert.That(Ids(none), Is.Empty);
            Assert.That(deleted.Status, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(replaced.Json["metadata"]!.AsObject().Select(p => p.Key), Is.EqualTo(new[] { "only" }));
            Assert.That(shown["metadata"]!.AsObject().Select(p => p.Key), Is.EqualTo(new[] { "only" }));
            Assert.That(before.Status, Is.EqualTo(HttpStatusCode.NotFound), "metadata routes exist from 2.73");
        });
    }

    [Test]
    public async Task CreateSnapshot_MetadataBefore2_73_Answers400()
    {
        using var host = new TestHost();
        using var demo = host.Client(TestHost.DemoToken);
        await host.CreateSnapshotTypeAsync();
        var share = await demo.SnapshotableShareAsync();

        var response = await demo.PostAsync("/v2/snapshots", new { snapshot = new { share_id = share, metadata = new { a = "b" } } });

        Fault.AssertIs(response, HttpStatusCode.BadRequest, "snapshot.metadata", "2.73");
        Assert.That(await demo.SnapshotIdsAsync(share), Is.Empty);
    }

    [Test]
    public async Task SnapshotInstances_Admin_ListShowAndResetStatus()
    {
        var share = await _demo.SnapshotableShareAsync();
        var id = await _demo.AvailableSnapshotAsync(share);
        var instance = (await _host.SnapshotRecordAsync(id)).InstanceId;

        var list = await _admin.GetAsync($"/v2/snapshot-instances?snapshot_id={id}");
        var detail = await _admin.GetAsync("/v2/snapshot-instances/detail");
        var show = await _admin.GetAsync($"/v2/snapshot-instances/{instance}");
        var reset = await _admin.PostAsync($"/v2/snapshot-instances/{instance}/action", new { reset_status = new { status = "error" } });
        var member = await _demo.GetAsync("/v2/snapshot-instances");
        _admin.Version = "2.18";
        var tooOld = await _admin.GetAsync("/v2/snapshot-instances");

        Assert.Multiple(() =>
        {
            Assert.That(list.Json["snapshot_instances"]!.AsArray().Select(i => i!["id"]!.GetValue<string>()), Is.EqualTo(new[] { instance }));
            Assert.That(list.Json["snapshot_instances"]![0]!.AsObject().Select(p => p.Key), Is.EquivalentTo(new[] { "id", "snapshot_id", "status" }));
            Assert.That(detail.Json["snapshot_instances"]![0]!["share_instance_id"]!.GetValue<string>(), Is.Not.Empty);
            Assert.That(show.Json["snapshot_instance"]!["snapshot_id"]!.GetValue<string>(), Is.EqualTo(id));
            Assert.That(show.Json["snapshot_instance"]!["progress"]!.GetValue<string>(), Is.EqualTo("100%"));
            Assert.That(reset.Status, Is.EqualTo(HttpStatusCode.Accepted));
            Assert.That(member.Status, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That(tooOld.Status, Is.EqualTo(HttpStatusCode.NotFound));
        });
        Assert.That((await _demo.GetAsync($"/v2/snapshots/{id}")).Json["snapshot"]!["status"]!.GetValue<string>(), Is.EqualTo("error"));
    }

    [Test]
    public async Task ProjectScopedUrl_WorksForSnapshots()
    {
        var share = await _demo.SnapshotableShareAsync();
        var id = await _demo.AvailableSnapshotAsync(share);

        var response = await _demo.GetAsync($"/v2/demoproject/snapshots/{id}");

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.OK), response.Body);
        Assert.That(response.Json["snapshot"]!["links"]![0]!["href"]!.GetValue<string>(), Does.Contain("/v2/demoproject/snapshots/"));
    }

    private static List<string> Ids(ApiClient.Response response) =>
        response.Json["snapshots"]!.AsArray().Select(s => s!["id"]!.GetValue<string>()).ToList();
}
