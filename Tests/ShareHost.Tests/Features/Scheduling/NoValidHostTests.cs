using System.Net;
using Microsoft.Extensions.DependencyInjection;
using ShareHost.Features.Messages;
using ShareHost.Tests.Api;
using ShareHost.Tests.Infrastructure;

namespace ShareHost.Tests.Features.Scheduling;

/// <summary>
/// Through the real pipeline: a share no pool can take ends in <c>error</c> with a user message naming the filter
/// that removed the last pools and which pools each filter removed (issue 2 item 7; manila-zed §7.9).
/// </summary>
public sealed class NoValidHostTests
{
    private TestHost _host = null!;
    private ApiClient _admin = null!;

    [OneTimeSetUp]
    public void SetUp()
    {
        _host = new TestHost(settings: new Dictionary<string, string?> { ["Quotas:Defaults:gigabytes"] = "100000" });
        _admin = _host.Client();
    }

    [OneTimeTearDown]
    public void TearDown()
    {
        _admin.Dispose();
        _host.Dispose();
    }

    [Test]
    public async Task CreateShare_TypeSpecNoPoolSatisfies_ErrorWithCapabilitiesMessage()
    {
        // The Dummy backends advertise snapshots now, but no replication.
        await TestData.CreateShareTypeAsync(_host, "needs-writable-replication", new Dictionary<string, string> { ["replication_type"] = "writable" });

        var id = await _admin.CreateShareAsync(type: "needs-writable-replication");
        var share = await _admin.WaitForShareAsync(id, "error");
        var message = await SingleMessageAsync(id);

        Assert.That(share["host"]?.GetValue<string>(), Is.Null, "nothing was placed");
        Assert.Multiple(() =>
        {
            Assert.That(message.ActionId, Is.EqualTo("001"));
            Assert.That(message.DetailId, Is.EqualTo("008"));
            Assert.That(message.ResourceType, Is.EqualTo("SHARE"));
            Assert.That(message.ProjectId, Is.EqualTo("adminproject"));
            Assert.That(message.UserMessage, Does.StartWith("allocate host: No storage could be allocated for this share request, Capabilities filter didn't succeed."));
            Assert.That(message.UserMessage, Does.Contain("Capabilities removed").And.Contain("sharehost@dummy1#pool-a").And.Contain("sharehost@dummy2#pool-a"));
        });
    }

    [Test]
    public async Task CreateShare_BiggerThanAnyPool_ErrorWithCapacityMessage()
    {
        var id = await _admin.CreateShareAsync(size: 5000);
        await _admin.WaitForShareAsync(id, "error");
        var message = await SingleMessageAsync(id);

        Assert.That(message.DetailId, Is.EqualTo("009"));
        Assert.That(message.UserMessage, Does.Contain("Capacity filter didn't succeed").And.Contain("Capacity removed sharehost@dummy1#pool-a, sharehost@dummy2#pool-a"));
    }

    [Test]
    public async Task CreateShare_TypeLimitedToAZoneWithoutBackends_ErrorWithAvailabilityZoneMessage()
    {
        await TestData.CreateShareTypeAsync(_host, "only-az3", new Dictionary<string, string> { ["availability_zones"] = "az3" });

        var id = await _admin.CreateShareAsync(type: "only-az3");
        await _admin.WaitForShareAsync(id, "error");
        var message = await SingleMessageAsync(id);

        Assert.That(message.DetailId, Is.EqualTo("007"));
        Assert.That(message.UserMessage, Does.Contain("AvailabilityZone filter didn't succeed").And.Contain("AvailabilityZone removed"));
    }

    [Test]
    public async Task CreateShare_ZoneAndSizeTogether_NamesBothFiltersAndTheLastOne()
    {
        var id = await _admin.CreateShareAsync(size: 1500, zone: "az1");
        await _admin.WaitForShareAsync(id, "error");
        var message = await SingleMessageAsync(id);

        Assert.That(message.DetailId, Is.EqualTo("009"), "Capacity removed the last pool");
        Assert.That(message.UserMessage, Does.Contain("AvailabilityZone removed sharehost@dummy2#pool-a").And.Contain("Capacity removed sharehost@dummy1#pool-a"));
    }

    [Test]
    public async Task CreateShare_TypeSpecSomePoolSatisfies_LandsThere()
    {
        await TestData.CreateShareTypeAsync(_host, "on-dummy2", new Dictionary<string, string> { ["share_backend_name"] = "dummy2" });

        var id = await _admin.CreateShareAsync(type: "on-dummy2");
        var share = await _admin.WaitForShareAsync(id, "available");

        Assert.That(share["host"]!.GetValue<string>(), Is.EqualTo("sharehost@dummy2#pool-a"));
    }

    [Test]
    public async Task CreateShare_VendorScopedSpec_DoesNotStopScheduling()
    {
        await TestData.CreateShareTypeAsync(_host, "vendor-tuned", new Dictionary<string, string> { ["acme:turbo"] = "True" });

        var id = await _admin.CreateShareAsync(type: "vendor-tuned");

        await _admin.WaitForShareAsync(id, "available");
    }

    [Test]
    public async Task CreateShare_RequestedZoneOutsideTheTypesZones_Answers400NamingTheZone()
    {
        await TestData.CreateShareTypeAsync(_host, "az2-only", new Dictionary<string, string> { ["availability_zones"] = "az2" });

        var response = await _admin.PostAsync("/v2/shares", new { share = new { size = 1, share_proto = "NFS", share_type = "az2-only", availability_zone = "az1" } });

        Fault.AssertIs(response, HttpStatusCode.BadRequest, "share.availability_zone", "az1", "az2-only");
    }

    [Test]
    public async Task CreateShare_TypeWithBlankZones_AcceptsAnyZone()
    {
        await TestData.CreateShareTypeAsync(_host, "blank-zones", new Dictionary<string, string> { ["availability_zones"] = "" });

        var id = await _admin.CreateShareAsync(type: "blank-zones", zone: "az1");
        var share = await _admin.WaitForShareAsync(id, "available");

        Assert.That(share["availability_zone"]!.GetValue<string>(), Is.EqualTo("az1"));
    }

    private async Task<Message> SingleMessageAsync(string shareId)
    {
        var repository = _host.Services.GetRequiredService<MessageRepository>();
        var messages = await repository.ListAsync(
            new MessageQuery(null, [("resource_id", shareId)], null, null, "created_at", true, 100, 0), CancellationToken.None);
        Assert.That(messages, Has.Count.EqualTo(1));
        return messages[0];
    }
}
