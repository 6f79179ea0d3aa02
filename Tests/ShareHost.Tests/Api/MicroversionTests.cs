using System.Net;
using System.Text.Json.Nodes;
using ShareHost.Api.Versioning;
using ShareHost.Tests.Infrastructure;

namespace ShareHost.Tests.Api;

/// <summary>Microversion negotiation and version-gated share fields through the real pipeline (manila-zed §1.2, §3.1).</summary>
public sealed class MicroversionTests
{
    private const string Header = "X-OpenStack-Manila-API-Version";

    private TestHost _host = null!;
    private ApiClient _admin = null!;
    private string _shareId = null!;

    [OneTimeSetUp]
    public async Task SetUp()
    {
        _host = new TestHost();
        _admin = _host.Client();
        _shareId = await _admin.CreateShareAsync(name: "versioned");
        await _admin.WaitForShareAsync(_shareId, "available");
    }

    [OneTimeTearDown]
    public void TearDown()
    {
        _admin.Dispose();
        _host.Dispose();
    }

    [SetUp]
    public void ResetVersion() => _admin.Version = "2.72";

    [Test]
    public async Task AnyCall_NoVersionHeader_Negotiates2_0AndEchoesItWithVary()
    {
        _admin.Version = null;

        var response = await _admin.GetAsync("/v2/shares");

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Headers.GetValues(Header).Single(), Is.EqualTo("2.0"));
        Assert.That(response.Headers.Vary, Does.Contain(Header));
    }

    [TestCase("2.45", "2.45")]
    [TestCase("2.0", "2.0")]
    [TestCase("2.7", "2.7")]
    [TestCase(" 2.10 ", "2.10")]
    public async Task AnyCall_ValidVersion_IsEchoed(string requested, string echoed)
    {
        _admin.Version = requested;

        var response = await _admin.GetAsync("/v2/shares");

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.OK), response.Body);
        Assert.That(response.Headers.GetValues(Header).Single(), Is.EqualTo(echoed));
        Assert.That(response.Headers.Vary, Does.Contain(Header));
    }

    [TestCase("latest")]
    [TestCase("LATEST")]
    public async Task AnyCall_Latest_NegotiatesTheMaximum(string requested)
    {
        _admin.Version = requested;

        var response = await _admin.GetAsync("/v2/shares");

        Assert.That(response.Headers.GetValues(Header).Single(), Is.EqualTo(VersionHistory.Max.ToString()));
    }

    [Test]
    public void VersionHistory_Maximum_LetsTheStockClientNegotiate2_72()
    {
        Assert.That(VersionHistory.Max, Is.GreaterThanOrEqualTo(new ApiVersion(2, 72)));
        Assert.That(VersionHistory.Min, Is.EqualTo(new ApiVersion(2, 0)));
    }

    [TestCase("2")]
    [TestCase("2.x")]
    [TestCase("v2.1")]
    [TestCase("2.01")]
    [TestCase("02.1")]
    [TestCase("2.1.1")]
    [TestCase("2,1")]
    [TestCase("-2.1")]
    [TestCase("2.")]
    [TestCase(".5")]
    [TestCase("two.one")]
    public async Task AnyCall_MalformedVersion_Answers400BadRequest(string requested)
    {
        _admin.Version = requested;

        var response = await _admin.GetAsync("/v2/shares");

        Fault.AssertIs(response, HttpStatusCode.BadRequest, requested.Trim(), "major.minor");
    }

    [TestCase("1.0")]
    [TestCase("2.999")]
    [TestCase("3.0")]
    [TestCase("2.74")]
    public async Task AnyCall_VersionOutOfRange_Answers406(string requested)
    {
        _admin.Version = requested;

        var response = await _admin.GetAsync("/v2/shares");

        Fault.AssertIs(response, HttpStatusCode.NotAcceptable, requested, "Minimum is 2.0", $"maximum is {VersionHistory.Max}");
    }

    [Test]
    public async Task AnyCall_WellFormedButHugeVersion_Answers406()
    {
        _admin.Version = "2.99999999999";

        var response = await _admin.GetAsync("/v2/shares");

        Fault.AssertIs(response, HttpStatusCode.NotAcceptable, "is not supported");
    }

    [Test]
    public async Task AnyCall_Experimental_IsEchoed()
    {
        var response = await _admin.SendAsync(HttpMethod.Get, "/v2/shares",
            configure: r => r.Headers.Add("X-OpenStack-Manila-API-Experimental", "True"));

        Assert.That(response.Headers.GetValues("X-OpenStack-Manila-API-Experimental").Single(), Is.EqualTo("True"));
    }

    [Test]
    public async Task AnyCall_NotExperimental_HasNoExperimentalHeader()
    {
        var response = await _admin.GetAsync("/v2/shares");

        Assert.That(response.Headers.Contains("X-OpenStack-Manila-API-Experimental"), Is.False);
    }

    [Test]
    public async Task AnyCall_AnswersWithComputeRequestId()
    {
        var response = await _admin.GetAsync($"/v2/shares/{_shareId}");

        Assert.That(response.Headers.GetValues("x-compute-request-id").Single(), Does.StartWith("req-"));
    }

    [Test]
    public async Task ShowShare_At2_0_HasExportLocationsAndNoLaterFields()
    {
        _admin.Version = "2.0";

        var share = await ShowAsync();

        Assert.Multiple(() =>
        {
            Assert.That(share["export_location"]!.GetValue<string>(), Does.Contain(":/"));
            Assert.That(share["export_locations"]!.AsArray(), Is.Not.Empty);
            Assert.That(share["share_type"]!.GetValue<string>(), Is.EqualTo("default"), "before 2.6 share_type is the type's name");
            Assert.That(share["volume_type"]!.GetValue<string>(), Is.EqualTo("default"));
            Assert.That(Keys(share), Is.SupersetOf(new[] { "id", "size", "availability_zone", "created_at", "status", "name", "description",
                "project_id", "snapshot_id", "share_network_id", "share_proto", "metadata", "links", "is_public" }));
            Assert.That(Keys(share), Has.None.AnyOf("snapshot_support", "task_state", "share_type_name", "access_rules_status",
                "replication_type", "has_replicas", "user_id", "create_share_from_snapshot_support", "revert_to_snapshot_support",
                "share_group_id", "mount_snapshot_support", "progress", "is_soft_deleted"));
        });
    }

    [Test]
    public async Task ShowShare_At2_72_HasEveryFieldAndNoExportLocations()
    {
        var share = await ShowAsync();

        Assert.Multiple(() =>
        {
            Assert.That(Keys(share), Is.SupersetOf(new[] { "snapshot_support", "task_state", "share_type_name", "access_rules_status",
                "replication_type", "has_replicas", "user_id", "create_share_from_snapshot_support", "revert_to_snapshot_support",
                "share_group_id", "source_share_group_snapshot_member_id", "mount_snapshot_support", "progress", "is_soft_deleted",
                "scheduled_to_be_deleted_at" }));
            Assert.That(Keys(share), Has.None.AnyOf("export_location", "export_locations"));
            Assert.That(share["share_type"]!.GetValue<string>(), Is.Not.EqualTo("default"), "from 2.6 share_type is the type's id");
            Assert.That(share["share_type_name"]!.GetValue<string>(), Is.EqualTo("default"));
            Assert.That(share["progress"]!.GetValue<string>(), Is.EqualTo("100%"));
            Assert.That(share["user_id"]!.GetValue<string>(), Is.EqualTo("admin"));
        });
    }

    [TestCase("2.1", "snapshot_support", false)]
    [TestCase("2.2", "snapshot_support", true)]
    [TestCase("2.4", "task_state", false)]
    [TestCase("2.5", "task_state", true)]
    [TestCase("2.8", "export_locations", true)]
    [TestCase("2.9", "export_locations", false)]
    [TestCase("2.9", "access_rules_status", false)]
    [TestCase("2.10", "access_rules_status", true)]
    [TestCase("2.15", "user_id", false)]
    [TestCase("2.16", "user_id", true)]
    [TestCase("2.23", "create_share_from_snapshot_support", false)]
    [TestCase("2.24", "create_share_from_snapshot_support", true)]
    [TestCase("2.31", "mount_snapshot_support", false)]
    [TestCase("2.32", "mount_snapshot_support", true)]
    [TestCase("2.53", "progress", false)]
    [TestCase("2.54", "progress", true)]
    [TestCase("2.68", "is_soft_deleted", false)]
    [TestCase("2.69", "is_soft_deleted", true)]
    public async Task ShowShare_FieldAppearsFromItsMicroversion(string version, string field, bool present)
    {
        _admin.Version = version;

        var share = await ShowAsync();

        Assert.That(Keys(share).Contains(field), Is.EqualTo(present), $"{field} at {version}");
    }

    [TestCase("2.10", "out_of_sync")]
    [TestCase("2.27", "out_of_sync")]
    [TestCase("2.28", "syncing")]
    [TestCase("2.72", "syncing")]
    public async Task ShowShare_AccessRulesSyncing_IsOutOfSyncBefore2_28(string version, string expected)
    {
        var id = await _admin.CreateShareAsync(name: "syncing-" + version);
        await _admin.WaitForShareAsync(id, "available");
        await TestData.SetInstanceColumnAsync(_host, id, "access_rules_status", "syncing");
        _admin.Version = version;

        var share = (await _admin.GetAsync($"/v2/shares/{id}")).Json["share"]!;

        Assert.That(share["access_rules_status"]!.GetValue<string>(), Is.EqualTo(expected));
    }

    [Test]
    public async Task ListSharesDetail_At2_0_CarriesExportLocationsToo()
    {
        _admin.Version = "2.0";

        var response = await _admin.GetAsync("/v2/shares/detail");

        var share = response.Json["shares"]!.AsArray().Single(s => s!["id"]!.GetValue<string>() == _shareId)!;
        Assert.That(share["export_locations"]!.AsArray(), Is.Not.Empty);
    }

    private async Task<JsonNode> ShowAsync()
    {
        var response = await _admin.GetAsync($"/v2/shares/{_shareId}");
        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.OK), response.Body);
        return response.Json["share"]!;
    }

    private static List<string> Keys(JsonNode share) => share.AsObject().Select(p => p.Key).ToList();
}
