using System.Net;
using ShareHost.Tests.Infrastructure;

namespace ShareHost.Tests.Features.Messages;

public sealed class ListMessagesTests
{
    private TestHost _host = null!;
    private ApiClient _admin = null!;
    private ApiClient _demo = null!;

    // One host for the fixture; each test starts from an empty message list (see ResetAsync).
    [OneTimeSetUp]
    public void SetUp()
    {
        _host = new TestHost();
        _admin = _host.Client();
        _demo = _host.Client(TestHost.DemoToken);
    }

    [SetUp]
    public async Task ResetAsync()
    {
        _demo.Version = "2.72";
        await MessageSeeder.ClearAsync(_host);
    }

    [OneTimeTearDown]
    public void TearDown()
    {
        _admin.Dispose();
        _demo.Dispose();
        _host.Dispose();
    }

    [Test]
    public async Task ListMessages_FailedCreate_FindsTheMessageByTheRequestId()
    {
        using var host = new TestHost();
        using var demo = host.Client(TestHost.DemoToken);
        host.Configuration["Backends:dummy1:Options:Faults:CreateShare:FailEveryNth"] = "1";
        host.Configuration["Backends:dummy2:Options:Faults:CreateShare:FailEveryNth"] = "1";
        var create = await demo.PostAsync("/v2/shares", new { share = new { size = 1, share_proto = "NFS" } });
        var shareId = create.Json["share"]!["id"]!.GetValue<string>();
        await demo.WaitForShareAsync(shareId, "error");
        var requestId = create.Headers.GetValues("x-openstack-request-id").Single();

        var response = await demo.GetAsync($"/v2/messages?request_id={requestId}");

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.OK), response.Body);
        var message = response.Json["messages"]!.AsArray().Single()!;
        Assert.Multiple(() =>
        {
            Assert.That(message["resource_id"]!.GetValue<string>(), Is.EqualTo(shareId));
            Assert.That(message["resource_type"]!.GetValue<string>(), Is.EqualTo("SHARE"));
            Assert.That(message["project_id"]!.GetValue<string>(), Is.EqualTo("demoproject"));
            Assert.That(message["action_id"]!.GetValue<string>(), Is.EqualTo("002"));
            Assert.That(message["message_level"]!.GetValue<string>(), Is.EqualTo("ERROR"));
            Assert.That(message["user_message"]!.GetValue<string>(), Does.StartWith("create: "));
        });
    }

    [Test]
    public async Task ListMessages_View_HasManilasFields()
    {
        var id = await MessageSeeder.AddAsync(_host, "demoproject");

        var message = (await _demo.GetAsync("/v2/messages")).Json["messages"]!.AsArray().Single()!.AsObject();

        Assert.That(message.Select(p => p.Key), Is.EquivalentTo(new[]
        {
            "id", "project_id", "action_id", "detail_id", "message_level", "created_at", "expires_at", "request_id", "links",
            "resource_type", "resource_id", "user_message",
        }));
        Assert.That(message["id"]!.GetValue<string>(), Is.EqualTo(id));
        Assert.That(message["links"]![0]!["href"]!.GetValue<string>(), Does.EndWith($"/v2/messages/{id}"));
    }

    [Test]
    public async Task ListMessages_Member_SeesOnlyItsProject()
    {
        var own = await MessageSeeder.AddAsync(_host, "demoproject");
        await MessageSeeder.AddAsync(_host, "otherproject");

        var ids = await IdsAsync(_demo, "/v2/messages?all_tenants=1");

        Assert.That(ids, Is.EqualTo(new[] { own }));
    }

    [Test]
    public async Task ListMessages_Admin_SeesEveryProject()
    {
        var demo = await MessageSeeder.AddAsync(_host, "demoproject");
        var other = await MessageSeeder.AddAsync(_host, "otherproject");

        var ids = await IdsAsync(_admin, "/v2/messages");

        Assert.That(ids, Is.EquivalentTo(new[] { demo, other }));
    }

    [TestCase("resource_id", "22222222-2222-2222-2222-222222222222")]
    [TestCase("request_id", "req-special")]
    [TestCase("action_id", "008")]
    [TestCase("detail_id", "015")]
    [TestCase("resource_type", "SHARE_SNAPSHOT")]
    public async Task ListMessages_ExactFilter_KeepsOnlyMatches(string filter, string value)
    {
        await MessageSeeder.AddAsync(_host, "demoproject");
        var wanted = filter switch
        {
            "resource_id" => await MessageSeeder.AddAsync(_host, "demoproject", resourceId: value),
            "request_id" => await MessageSeeder.AddAsync(_host, "demoproject", requestId: value),
            "action_id" => await MessageSeeder.AddAsync(_host, "demoproject", actionId: value),
            "detail_id" => await MessageSeeder.AddAsync(_host, "demoproject", detailId: value),
            _ => await MessageSeeder.AddAsync(_host, "demoproject", resourceType: value),
        };

        var ids = await IdsAsync(_demo, $"/v2/messages?{filter}={value}");

        Assert.That(ids, Is.EqualTo(new[] { wanted }));
    }

    [Test]
    public async Task ListMessages_CreatedSinceAndBefore_KeepOnlyTheWindow()
    {
        await MessageSeeder.AddAsync(_host, "demoproject", createdAt: new DateTime(2024, 1, 1, 10, 0, 0));
        var inside = await MessageSeeder.AddAsync(_host, "demoproject", createdAt: new DateTime(2024, 1, 2, 10, 0, 0), expiresAt: DateTime.UtcNow.AddDays(1));
        await MessageSeeder.AddAsync(_host, "demoproject", createdAt: new DateTime(2024, 1, 3, 10, 0, 0), expiresAt: DateTime.UtcNow.AddDays(1));

        var ids = await IdsAsync(_demo, "/v2/messages?created_since=2024-01-02T00:00:00&created_before=2024-01-02T12:00:00Z");

        Assert.That(ids, Is.EqualTo(new[] { inside }));
    }

    [Test]
    public async Task ListMessages_CreatedSinceWithOffset_IsConvertedToUtc()
    {
        var later = await MessageSeeder.AddAsync(_host, "demoproject", createdAt: new DateTime(2024, 1, 2, 10, 0, 0), expiresAt: DateTime.UtcNow.AddDays(1));
        await MessageSeeder.AddAsync(_host, "demoproject", createdAt: new DateTime(2024, 1, 2, 8, 0, 0), expiresAt: DateTime.UtcNow.AddDays(1));

        var ids = await IdsAsync(_demo, "/v2/messages?created_since=" + Uri.EscapeDataString("2024-01-02T11:00:00+02:00"));

        Assert.That(ids, Is.EqualTo(new[] { later }));
    }

    [TestCase("created_since", "yesterday")]
    [TestCase("created_before", "2024-13-45")]
    [TestCase("created_since", "")]
    public async Task ListMessages_BadTime_Answers400NamingTheParameter(string parameter, string value)
    {
        var response = await _demo.GetAsync($"/v2/messages?{parameter}={value}");

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.BadRequest), response.Body);
        Assert.That(response.ErrorMessage, Does.Contain(parameter));
    }

    [Test]
    public async Task ListMessages_TimeFiltersBefore2_52_AreIgnored()
    {
        var id = await MessageSeeder.AddAsync(_host, "demoproject");
        _demo.Version = "2.51";

        var ids = await IdsAsync(_demo, "/v2/messages?created_since=not-a-date");

        Assert.That(ids, Is.EqualTo(new[] { id }));
    }

    [Test]
    public async Task ListMessages_Default_NewestFirst()
    {
        var now = DateTime.UtcNow;
        var oldest = await MessageSeeder.AddAsync(_host, "demoproject", createdAt: now.AddMinutes(-3));
        var middle = await MessageSeeder.AddAsync(_host, "demoproject", createdAt: now.AddMinutes(-2));
        var newest = await MessageSeeder.AddAsync(_host, "demoproject", createdAt: now.AddMinutes(-1));

        var ids = await IdsAsync(_demo, "/v2/messages");

        Assert.That(ids, Is.EqualTo(new[] { newest, middle, oldest }));
    }

    [Test]
    public async Task ListMessages_SortAscWithLimitAndOffset_ReturnsThatPage()
    {
        var now = DateTime.UtcNow;
        await MessageSeeder.AddAsync(_host, "demoproject", createdAt: now.AddMinutes(-3));
        var middle = await MessageSeeder.AddAsync(_host, "demoproject", createdAt: now.AddMinutes(-2));
        await MessageSeeder.AddAsync(_host, "demoproject", createdAt: now.AddMinutes(-1));

        var ids = await IdsAsync(_demo, "/v2/messages?sort_key=created_at&sort_dir=asc&limit=1&offset=1");

        Assert.That(ids, Is.EqualTo(new[] { middle }));
    }

    [TestCase("limit=-1", "limit")]
    [TestCase("limit=ten", "limit")]
    [TestCase("offset=x", "offset")]
    [TestCase("sort_key=user_message", "sort_key")]
    [TestCase("sort_dir=sideways", "sort_dir")]
    public async Task ListMessages_BadPaging_Answers400NamingTheParameter(string query, string parameter)
    {
        var response = await _demo.GetAsync($"/v2/messages?{query}");

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.BadRequest), response.Body);
        Assert.That(response.ErrorMessage, Does.Contain(parameter).Or.Contain(query.Split('=')[1]));
    }

    [Test]
    public async Task ListMessages_Expired_IsNotShown()
    {
        await MessageSeeder.AddAsync(_host, "demoproject", createdAt: DateTime.UtcNow.AddDays(-31), expiresAt: DateTime.UtcNow.AddDays(-1));

        var ids = await IdsAsync(_demo, "/v2/messages");

        Assert.That(ids, Is.Empty);
    }

    private static async Task<List<string>> IdsAsync(ApiClient client, string path)
    {
        var response = await client.GetAsync(path);
        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.OK), response.Body);
        return response.Json["messages"]!.AsArray().Select(m => m!["id"]!.GetValue<string>()).ToList();
    }
}
