using System.Net;
using System.Text;
using ShareHost.Tests.Infrastructure;

namespace ShareHost.Tests.Api;

/// <summary>
/// <c>POST /v2/shares</c> refuses bad input before anything is stored, with Manila's fault body naming the field and
/// the reason (issue 2 "Bad input").
/// </summary>
public sealed class CreateShareBadInputTests
{
    private TestHost _host = null!;
    private ApiClient _admin = null!;

    [OneTimeSetUp]
    public void SetUp()
    {
        _host = new TestHost(settings: new Dictionary<string, string?>
        {
            ["ShareHost:EnabledShareProtocols:0"] = "NFS",
            ["ShareHost:EnabledShareProtocols:1"] = "CIFS",
        });
        _admin = _host.Client();
    }

    [OneTimeTearDown]
    public void TearDown()
    {
        _admin.Dispose();
        _host.Dispose();
    }

    [TearDown]
    public async Task NothingWasStored()
    {
        var leftover = await DeleteAllAsync();

        Assert.That(leftover, Is.Empty, "a refused create must not leave a share behind");
    }

    [TestCase("{\"share\": {\"size\": 1, \"share_proto\": \"NFS\"", "JSON")]
    [TestCase("{\"share\": {\"size\": 1,, \"share_proto\": \"NFS\"}}", "JSON")]
    [TestCase("{\"share\": {'size': 1}}", "JSON")]
    [TestCase("{\"share\": {\"size\": 1, \"share_proto\": \"NFS\",}}", "JSON")]
    [TestCase("not json at all", "JSON")]
    [TestCase("{\"share\": {\"size\": 1, \"share_proto\": \"NFS\"}} trailing", "JSON")]
    public async Task CreateShare_InvalidJson_Answers400(string body, string mention)
    {
        var response = await _admin.SendAsync(HttpMethod.Post, "/v2/shares", rawBody: body);

        Fault.AssertIs(response, HttpStatusCode.BadRequest, mention);
    }

    [TestCase("[]")]
    [TestCase("[{\"share\": {\"size\": 1}}]")]
    [TestCase("\"share\"")]
    [TestCase("42")]
    [TestCase("true")]
    public async Task CreateShare_BodyIsNotAnObject_Answers400(string body)
    {
        var response = await _admin.SendAsync(HttpMethod.Post, "/v2/shares", rawBody: body);

        Fault.AssertIs(response, HttpStatusCode.BadRequest, "JSON object");
    }

    [TestCase("")]
    [TestCase("null")]
    public async Task CreateShare_EmptyOrNullBody_Answers400(string body)
    {
        var response = await _admin.SendAsync(HttpMethod.Post, "/v2/shares", rawBody: body);

        Fault.AssertIs(response, HttpStatusCode.BadRequest, "body");
    }

    [TestCase("{}")]
    [TestCase("{\"share\": null}")]
    public async Task CreateShare_MissingShare_Answers400NamingIt(string body)
    {
        var response = await _admin.SendAsync(HttpMethod.Post, "/v2/shares", rawBody: body);

        Fault.AssertIs(response, HttpStatusCode.BadRequest, "'share'");
    }

    [TestCase("{\"share\": []}")]
    [TestCase("{\"share\": \"big\"}")]
    [TestCase("{\"share\": 3}")]
    public async Task CreateShare_ShareIsNotAnObject_Answers400NamingIt(string body)
    {
        var response = await _admin.SendAsync(HttpMethod.Post, "/v2/shares", rawBody: body);

        Fault.AssertIs(response, HttpStatusCode.BadRequest, "'share'");
    }

    [Test]
    public async Task CreateShare_UnknownTopLevelField_Answers400NamingIt()
    {
        var response = await _admin.SendAsync(HttpMethod.Post, "/v2/shares",
            rawBody: "{\"share\": {\"size\": 1, \"share_proto\": \"NFS\"}, \"sharez\": {}}");

        Fault.AssertIs(response, HttpStatusCode.BadRequest, "Unknown field", "sharez");
    }

    [Test]
    public async Task CreateShare_UnknownFieldInsideShare_Answers400NamingIt()
    {
        var response = await _admin.SendAsync(HttpMethod.Post, "/v2/shares",
            rawBody: "{\"share\": {\"size\": 1, \"share_proto\": \"NFS\", \"colour\": \"blue\"}}");

        Fault.AssertIs(response, HttpStatusCode.BadRequest, "Unknown field", "share.colour");
    }

    [TestCase("0", "greater than 0")]
    [TestCase("-1", "greater than 0")]
    [TestCase("\"abc\"", "")]
    [TestCase("1.5", "")]
    [TestCase("\"1.5\"", "")]
    [TestCase("true", "")]
    [TestCase("[1]", "")]
    [TestCase("{}", "")]
    [TestCase("99999999999", "")]
    [TestCase("null", "required")]
    public async Task CreateShare_BadSize_Answers400NamingSize(string size, string reason)
    {
        var response = await _admin.SendAsync(HttpMethod.Post, "/v2/shares",
            rawBody: $"{{\"share\": {{\"size\": {size}, \"share_proto\": \"NFS\"}}}}");

        Fault.AssertIs(response, HttpStatusCode.BadRequest, "share.size", reason);
    }

    [Test]
    public async Task CreateShare_MissingSize_Answers400NamingSize()
    {
        var response = await _admin.PostAsync("/v2/shares", new { share = new { share_proto = "NFS" } });

        Fault.AssertIs(response, HttpStatusCode.BadRequest, "share.size", "required");
    }

    [Test]
    public async Task CreateShare_SizeAsNumericString_IsAccepted()
    {
        var response = await _admin.SendAsync(HttpMethod.Post, "/v2/shares", rawBody: "{\"share\": {\"size\": \"2\", \"share_proto\": \"NFS\"}}");

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.OK), response.Body);
        Assert.That(response.Json["share"]!["size"]!.GetValue<int>(), Is.EqualTo(2));
        await DeleteAllAsync();
    }

    [Test]
    public async Task CreateShare_OverGigabytesQuota_Answers413OverLimit()
    {
        var response = await _admin.PostAsync("/v2/shares", new { share = new { size = 1001, share_proto = "NFS" } });

        Fault.AssertIs(response, HttpStatusCode.RequestEntityTooLarge, "gigabytes");
        Assert.That(response.Json["overLimit"]!["retryAfter"], Is.Not.Null);
    }

    [Test]
    public async Task CreateShare_HugeSizeWhileProjectHasShares_StillAnswers413()
    {
        var existing = await _admin.CreateShareAsync(size: 1);

        var response = await _admin.PostAsync("/v2/shares", new { share = new { size = int.MaxValue, share_proto = "NFS" } });

        Fault.AssertIs(response, HttpStatusCode.RequestEntityTooLarge, "gigabytes");
        Assert.That(existing, Is.Not.Empty);
        await DeleteAllAsync();
    }

    [Test]
    public async Task CreateShare_MissingProtocol_Answers400NamingIt()
    {
        var response = await _admin.PostAsync("/v2/shares", new { share = new { size = 1 } });

        Fault.AssertIs(response, HttpStatusCode.BadRequest, "share.share_proto", "required");
    }

    [TestCase("NFSv9")]
    [TestCase("GLUSTERFS")]
    [TestCase("CEPHFS")]
    [TestCase("")]
    [TestCase(" ")]
    public async Task CreateShare_UnknownOrDisabledProtocol_Answers400NamingIt(string protocol)
    {
        var response = await _admin.PostAsync("/v2/shares", new { share = new { size = 1, share_proto = protocol } });

        Fault.AssertIs(response, HttpStatusCode.BadRequest, "share.share_proto");
    }

    [Test]
    public async Task CreateShare_LowerCaseProtocol_IsAccepted()
    {
        var response = await _admin.PostAsync("/v2/shares", new { share = new { size = 1, share_proto = "nfs" } });

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.OK), response.Body);
        Assert.That(response.Json["share"]!["share_proto"]!.GetValue<string>(), Is.EqualTo("NFS"));
        await DeleteAllAsync();
    }

    [Test]
    public async Task CreateShare_UnknownShareType_Answers404NamingIt()
    {
        var response = await _admin.PostAsync("/v2/shares", new { share = new { size = 1, share_proto = "NFS", share_type = "platinum" } });

        Fault.AssertIs(response, HttpStatusCode.NotFound, "platinum");
    }

    [Test]
    public async Task CreateShare_ShareTypeAndVolumeTypeBoth_Answers400()
    {
        var response = await _admin.PostAsync("/v2/shares", new { share = new { size = 1, share_proto = "NFS", share_type = "default", volume_type = "default" } });

        Fault.AssertIs(response, HttpStatusCode.BadRequest, "share.volume_type", "share_type");
    }

    [Test]
    public async Task CreateShare_UnknownAvailabilityZone_Answers404NamingIt()
    {
        var response = await _admin.PostAsync("/v2/shares", new { share = new { size = 1, share_proto = "NFS", availability_zone = "mars-1" } });

        Fault.AssertIs(response, HttpStatusCode.NotFound, "mars-1");
    }

    [TestCase("name")]
    [TestCase("display_name")]
    [TestCase("description")]
    [TestCase("display_description")]
    public async Task CreateShare_TextOf256Characters_Answers400NamingTheField(string field)
    {
        var share = new Dictionary<string, object> { ["size"] = 1, ["share_proto"] = "NFS", [field] = new string('n', 256) };

        var response = await _admin.PostAsync("/v2/shares", new { share });

        Fault.AssertIs(response, HttpStatusCode.BadRequest, $"share.{field}", "255");
    }

    [Test]
    public async Task CreateShare_NameOf255Characters_IsAccepted()
    {
        var response = await _admin.PostAsync("/v2/shares", new { share = new { size = 1, share_proto = "NFS", name = new string('n', 255) } });

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.OK), response.Body);
        await DeleteAllAsync();
    }

    [Test]
    public async Task CreateShare_NameIsNotAString_Answers400NamingIt()
    {
        var response = await _admin.SendAsync(HttpMethod.Post, "/v2/shares", rawBody: "{\"share\": {\"size\": 1, \"share_proto\": \"NFS\", \"name\": {\"x\": 1}}}");

        Fault.AssertIs(response, HttpStatusCode.BadRequest, "share.name");
    }

    [Test]
    public async Task CreateShare_MetadataValueTooLong_Answers400NamingMetadata()
    {
        var response = await _admin.PostAsync("/v2/shares",
            new { share = new { size = 1, share_proto = "NFS", metadata = new Dictionary<string, string> { ["k"] = new string('v', 1024) } } });

        Fault.AssertIs(response, HttpStatusCode.BadRequest, "share.metadata", "1023");
    }

    [Test]
    public async Task CreateShare_MetadataKeyTooLong_Answers400NamingMetadata()
    {
        var response = await _admin.PostAsync("/v2/shares",
            new { share = new { size = 1, share_proto = "NFS", metadata = new Dictionary<string, string> { [new string('k', 256)] = "v" } } });

        Fault.AssertIs(response, HttpStatusCode.BadRequest, "share.metadata", "255");
    }

    [TestCase("{\"\": \"v\"}", "key")]
    [TestCase("{\"k\": \"\"}", "value")]
    [TestCase("{\"k\": null}", "value")]
    [TestCase("{\"k\": 1}", "share.metadata")]
    [TestCase("{\"k\": {\"nested\": \"v\"}}", "share.metadata")]
    [TestCase("[\"k\", \"v\"]", "share.metadata")]
    [TestCase("\"k=v\"", "share.metadata")]
    public async Task CreateShare_BadMetadata_Answers400NamingMetadata(string metadata, string mention)
    {
        var response = await _admin.SendAsync(HttpMethod.Post, "/v2/shares",
            rawBody: $"{{\"share\": {{\"size\": 1, \"share_proto\": \"NFS\", \"metadata\": {metadata}}}}}");

        Fault.AssertIs(response, HttpStatusCode.BadRequest, mention);
    }

    [Test]
    public async Task CreateShare_ShareNetworkId_Answers400NamingIt()
    {
        var response = await _admin.PostAsync("/v2/shares", new { share = new { size = 1, share_proto = "NFS", share_network_id = Guid.NewGuid() } });

        Fault.AssertIs(response, HttpStatusCode.BadRequest, "share.share_network_id", "share networks are not supported");
    }

    [Test]
    public async Task CreateShare_AsTheStockClientSendsIt_IsAccepted()
    {
        var response = await _admin.SendAsync(HttpMethod.Post, "/v2/shares", rawBody: """
            {"share": {"size": 1, "snapshot_id": null, "name": "clishare", "description": null, "metadata": {},
                       "share_proto": "NFS", "share_network_id": null, "share_type": "default", "is_public": false,
                       "availability_zone": null, "scheduler_hints": {}}}
            """);

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.OK), response.Body);
        await DeleteAllAsync();
    }

    [Test]
    public async Task CreateShare_SchedulerHints_Answers400NamingThem()
    {
        var response = await _admin.SendAsync(HttpMethod.Post, "/v2/shares",
            rawBody: "{\"share\": {\"size\": 1, \"share_proto\": \"NFS\", \"scheduler_hints\": {\"same_host\": \"x\"}}}");

        Fault.AssertIs(response, HttpStatusCode.BadRequest, "share.scheduler_hints");
    }

    [Test]
    public async Task CreateShare_BodyOverTheSizeLimit_Answers413()
    {
        var filler = new string('x', 114_688);
        var response = await _admin.SendAsync(HttpMethod.Post, "/v2/shares",
            rawBody: $"{{\"share\": {{\"size\": 1, \"share_proto\": \"NFS\", \"description\": \"{filler}\"}}}}");

        Fault.AssertIs(response, HttpStatusCode.RequestEntityTooLarge, "too large");
    }

    [Test]
    public async Task CreateShare_ChunkedBodyOverTheSizeLimit_Answers413()
    {
        var filler = new string('x', 200_000);
        var response = await _admin.SendAsync(HttpMethod.Post, "/v2/shares", configure: request =>
        {
            request.Content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(
                $"{{\"share\": {{\"size\": 1, \"share_proto\": \"NFS\", \"description\": \"{filler}\"}}}}")));
            request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
            request.Headers.TransferEncodingChunked = true;
        });

        Fault.AssertIs(response, HttpStatusCode.RequestEntityTooLarge, "too large");
    }

    [TestCase("text/plain")]
    [TestCase("application/x-www-form-urlencoded")]
    [TestCase("application/xml")]
    public async Task CreateShare_WrongContentType_Answers415NamingContentType(string contentType)
    {
        var response = await _admin.SendAsync(HttpMethod.Post, "/v2/shares", configure: request =>
            request.Content = new StringContent("{\"share\": {\"size\": 1, \"share_proto\": \"NFS\"}}", Encoding.UTF8, contentType));

        Fault.AssertIs(response, HttpStatusCode.UnsupportedMediaType, "Content-Type", "application/json");
    }

    [Test]
    public async Task CreateShare_NoContentType_Answers415NamingContentType()
    {
        var response = await _admin.SendAsync(HttpMethod.Post, "/v2/shares", configure: request =>
        {
            request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes("{\"share\": {\"size\": 1, \"share_proto\": \"NFS\"}}"));
        });

        Fault.AssertIs(response, HttpStatusCode.UnsupportedMediaType, "Content-Type");
    }

    /// <summary>Removes every share (so one test's share never counts against the next) and returns their ids.</summary>
    private async Task<List<string>> DeleteAllAsync()
    {
        await _host.IdleAsync();
        var list = await _admin.GetAsync("/v2/shares?all_tenants=1");
        var ids = list.Json["shares"]!.AsArray().Select(s => s!["id"]!.GetValue<string>()).ToList();
        foreach (var id in ids)
        {
            await _admin.PostAsync($"/v2/shares/{id}/action", new { reset_status = new { status = "available" } });
            await _admin.DeleteAsync($"/v2/shares/{id}");
        }

        await _host.IdleAsync();
        return ids;
    }
}
