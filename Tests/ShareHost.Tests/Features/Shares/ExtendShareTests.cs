using System.Net;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using ShareHost.Features.Operations;
using ShareHost.Features.Shares;
using ShareHost.Features.Shares.ExtendShare;
using ShareHost.Persistence;
using ShareHost.Tests.Infrastructure;

namespace ShareHost.Tests.Features.Shares;

public sealed class ExtendShareTests
{
    private TestHost _host = null!;
    private ApiClient _admin = null!;
    private ApiClient _demo = null!;

    [SetUp]
    public void SetUp()
    {
        _host = new TestHost(settings: new Dictionary<string, string?> { ["Quotas:Defaults:gigabytes"] = "20" });
        _admin = _host.Client();
        _demo = _host.Client(TestHost.DemoToken);
    }

    [TearDown]
    public void TearDown()
    {
        _demo.Dispose();
        _admin.Dispose();
        _host.Dispose();
    }

    [Test]
    public async Task Extend_AvailableShare_GrowsTheShareAndTheDriversCopy()
    {
        var id = await _demo.AvailableShareAsync(size: 2);

        var response = await _demo.ActionAsync(id, new { extend = new { new_size = 5 } });
        await _host.IdleAsync();

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.Accepted), response.Body);
        var share = await _admin.ShowAsync(id);
        var provisioned = await _host.DriverProvisionedGbAsync(share);
        Assert.Multiple(() =>
        {
            Assert.That(share["status"]!.GetValue<string>(), Is.EqualTo("available"));
            Assert.That(share["size"]!.GetValue<int>(), Is.EqualTo(5));
            Assert.That(provisioned, Is.EqualTo(5));
        });
    }

    [Test]
    public async Task Extend_LegacyNameBefore2_7_IsAcceptedAndRefusedAfter()
    {
        var id = await _demo.AvailableShareAsync();
        _demo.Version = "2.6";

        var legacy = await _demo.ActionAsync(id, new Dictionary<string, object> { ["os-extend"] = new { new_size = 2 } });
        await _host.IdleAsync();
        _demo.Version = "2.7";
        var refused = await _demo.ActionAsync(id, new Dictionary<string, object> { ["os-extend"] = new { new_size = 3 } });

        Assert.That(legacy.Status, Is.EqualTo(HttpStatusCode.Accepted), legacy.Body);
        Assert.That((await _demo.ShowAsync(id))["size"]!.GetValue<int>(), Is.EqualTo(2));
        Assert.That(refused.Status, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(refused.FaultName, Is.EqualTo("itemNotFound"));
    }

    [TestCase(1)]
    [TestCase(2)]
    public async Task Extend_NewSizeNotLarger_Is400NamingNewSize(int newSize)
    {
        var id = await _demo.AvailableShareAsync(size: 2);

        var response = await _demo.ActionAsync(id, new { extend = new { new_size = newSize } });

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(response.ErrorMessage, Does.Contain("new_size").And.Contain("greater than current size"));
        Assert.That((await _demo.ShowAsync(id))["status"]!.GetValue<string>(), Is.EqualTo("available"));
    }

    [TestCase("{\"extend\": {}}", "extend.new_size")]
    [TestCase("{\"extend\": {\"new_size\": 0}}", "extend.new_size")]
    [TestCase("{\"extend\": {\"new_size\": \"big\"}}", "extend.new_size")]
    [TestCase("{\"extend\": {\"new_size\": 3, \"colour\": \"red\"}}", "extend.colour")]
    [TestCase("{\"extend\": null}", "extend")]
    public async Task Extend_MalformedValue_Is400NamingTheField(string body, string field)
    {
        var id = await _demo.AvailableShareAsync();

        var response = await _demo.SendAsync(HttpMethod.Post, $"/v2/shares/{id}/action", rawBody: body);

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.BadRequest), response.Body);
        Assert.That(response.ErrorMessage, Does.Contain(field));
    }

    [Test]
    public async Task Extend_AboveTypeMaximum_Is400()
    {
        var id = await _demo.AvailableShareAsync(size: 2);
        await _host.SetDefaultTypeSpecAsync("provisioning:max_share_size", "4");

        var response = await _demo.ActionAsync(id, new { extend = new { new_size = 5 } });

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(response.ErrorMessage, Does.Contain("new_size").And.Contain("larger than share type 'default' allows (4 GiB)"));
    }

    [Test]
    public async Task Extend_ShareNotAvailable_Is400()
    {
        var id = await _demo.AvailableShareAsync();
        await _admin.ActionAsync(id, new { reset_status = new { status = "error" } });

        var response = await _demo.ActionAsync(id, new { extend = new { new_size = 2 } });

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(response.ErrorMessage, Does.Contain("'available'").And.Contain("error"));
    }

    [Test]
    public async Task Extend_BeyondGigabytesQuota_Is413AndNothingChanges()
    {
        var id = await _demo.AvailableShareAsync(size: 5);

        var response = await _demo.ActionAsync(id, new { extend = new { new_size = 21 } });

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.RequestEntityTooLarge));
        Assert.That(response.FaultName, Is.EqualTo("overLimit"));
        var share = await _demo.ShowAsync(id);
        Assert.That(share["status"]!.GetValue<string>(), Is.EqualTo("available"));
        Assert.That(share["size"]!.GetValue<int>(), Is.EqualTo(5));
    }

    [Test]
    public async Task Extend_PendingExtendCountsAgainstQuota_SecondShareIsRefused()
    {
        _host.Configuration["Backends:dummy1:Options:LatencyMs:ExtendShare"] = "3000";
        _host.Configuration["Backends:dummy2:Options:LatencyMs:ExtendShare"] = "3000";
        var first = await _demo.AvailableShareAsync(size: 1);
        var second = await _demo.AvailableShareAsync(size: 1);

        var accepted = await _demo.ActionAsync(first, new { extend = new { new_size = 15 } });
        var refused = await _demo.ActionAsync(second, new { extend = new { new_size = 6 } });
        await _host.IdleAsync();

        Assert.That(accepted.Status, Is.EqualTo(HttpStatusCode.Accepted), accepted.Body);
        Assert.That(refused.Status, Is.EqualTo(HttpStatusCode.RequestEntityTooLarge), refused.Body);
        Assert.That((await _demo.ShowAsync(first))["size"]!.GetValue<int>(), Is.EqualTo(15));
    }

    [Test]
    public async Task Extend_OtherProjectsPrivateShare_Is404()
    {
        var id = await _demo.AvailableShareAsync();
        using var other = _host.Client(TestHost.OtherToken);

        var response = await other.ActionAsync(id, new { extend = new { new_size = 2 } });

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task Extend_OtherProjectsPublicShare_Is403()
    {
        var created = await _admin.PostAsync("/v2/shares", new { share = new { size = 1, share_proto = "NFS", is_public = true } });
        var id = created.Json["share"]!["id"]!.GetValue<string>();
        await _admin.WaitForShareAsync(id, "available");

        var response = await _demo.ActionAsync(id, new { extend = new { new_size = 2 } });

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.Forbidden));
    }

    [Test]
    public async Task Extend_Reader_Is403()
    {
        var id = await _demo.AvailableShareAsync();
        using var reader = _host.Client(TestHost.ReaderToken);

        var response = await reader.ActionAsync(id, new { extend = new { new_size = 2 } });

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.Forbidden));
    }

    [Test]
    public async Task Extend_DriverFails_EndsInExtendingErrorWithMessage()
    {
        var id = await _demo.AvailableShareAsync();
        _host.FailEveryCall("ExtendShare");

        var response = await _demo.ActionAsync(id, new { extend = new { new_size = 3 } });
        await _host.IdleAsync();

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.Accepted));
        var share = await _demo.ShowAsync(id);
        Assert.That(share["status"]!.GetValue<string>(), Is.EqualTo("extending_error"));
        Assert.That(share["size"]!.GetValue<int>(), Is.EqualTo(1));
        var message = (await _host.MessagesAsync(id)).Single();
        Assert.Multiple(() =>
        {
            Assert.That(message.ActionId, Is.EqualTo("008"));
            Assert.That(message.DetailId, Is.EqualTo("015"));
            Assert.That(message.ProjectId, Is.EqualTo("demoproject"));
            Assert.That(message.UserMessage, Does.StartWith("extend: Share Driver failed to extend share").And.Contain("Injected failure"));
        });
    }

    [Test]
    public async Task Extend_DriverFails_ReleasesTheReservedQuota()
    {
        var id = await _demo.AvailableShareAsync(size: 5);
        _host.FailEveryCall("ExtendShare");
        await _demo.ActionAsync(id, new { extend = new { new_size = 20 } });
        await _host.IdleAsync();

        var other = await _demo.PostAsync("/v2/shares", new { share = new { size = 15, share_proto = "NFS" } });

        Assert.That(other.Status, Is.EqualTo(HttpStatusCode.OK), other.Body);
    }

    [Test]
    public async Task Extend_MemberWithForce_Is403()
    {
        var id = await _demo.AvailableShareAsync();

        var response = await _demo.ActionAsync(id, new { extend = new { new_size = 2, force = true } });

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.Forbidden));
    }

    [Test]
    public async Task Extend_ForceBefore2_64_Is400()
    {
        var id = await _admin.AvailableShareAsync();
        _admin.Version = "2.63";

        var response = await _admin.ActionAsync(id, new { extend = new { new_size = 2, force = true } });

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(response.ErrorMessage, Does.Contain("extend.force").And.Contain("2.64"));
    }

    [Test]
    public async Task RunAsync_InstanceNoLongerExtending_EndsTheOperationWithoutTouchingTheShare()
    {
        var id = await _demo.AvailableShareAsync(size: 2);
        var share = await _host.Services.GetRequiredService<ShareRepository>().FindAsync(id);
        var operation = Operation.Create(ExtendShareService.OperationKind, id, share!.InstanceId, new ExtendSharePayload(9), null, share.ProjectId);
        var connections = _host.Services.GetRequiredService<SqliteConnectionFactory>();
        await using (var connection = await connections.OpenAsync())
        await using (var transaction = await SqliteConnectionFactory.BeginWriteAsync(connection))
        {
            await OperationRepository.InsertAsync(connection, transaction, operation);
            await transaction.CommitAsync();
        }

        var handler = _host.Services.GetServices<IOperationHandler>().Single(h => h.Kind == ExtendShareService.OperationKind);
        await handler.RunAsync(operation, CancellationToken.None);

        Assert.That(await _host.Services.GetRequiredService<OperationRepository>().ExistsAsync(operation.Id), Is.False);
        var after = await _demo.ShowAsync(id);
        Assert.That(after["size"]!.GetValue<int>(), Is.EqualTo(2));
        Assert.That(await _host.DriverProvisionedGbAsync(await _admin.ShowAsync(id)), Is.EqualTo(2));
    }

    [Test]
    public async Task Extend_WhileTheDriverWorks_StoresNewSizeForTheQuotaCount()
    {
        _host.Configuration["Backends:dummy1:Options:Faults:ExtendShare:Hang"] = "true";
        _host.Configuration["Backends:dummy2:Options:Faults:ExtendShare:Hang"] = "true";
        var id = await _demo.AvailableShareAsync(size: 2);

        await _demo.ActionAsync(id, new { extend = new { new_size = 7 } });

        var connections = _host.Services.GetRequiredService<SqliteConnectionFactory>();
        await using var connection = await connections.OpenAsync();
        var newSize = await connection.ExecuteScalarAsync<long>(
            "SELECT json_extract(payload, '$.NewSize') FROM operations WHERE kind = 'extend_share' AND share_id = @id", new { id });
        Assert.That(newSize, Is.EqualTo(7));
        Assert.That((await _demo.ShowAsync(id))["status"]!.GetValue<string>(), Is.EqualTo("extending"));
    }
}
