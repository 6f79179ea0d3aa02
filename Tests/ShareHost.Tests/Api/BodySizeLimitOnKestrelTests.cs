using System.Net;
using System.Net.Http.Headers;
using System.Text;
using ShareHost.Tests.Infrastructure;

namespace ShareHost.Tests.Api;

/// <summary>Oversized bodies on the real server (Kestrel on loopback), where the server's own limits also apply.</summary>
public sealed class BodySizeLimitOnKestrelTests
{
    private TestHost _host = null!;
    private ApiClient _admin = null!;

    [OneTimeSetUp]
    public void SetUp()
    {
        _host = new TestHost();
        _host.UseKestrel(0);
        _host.StartServer();
        _admin = _host.Client();
    }

    [OneTimeTearDown]
    public void TearDown()
    {
        _admin.Dispose();
        _host.Dispose();
    }

    [Test]
    public void Server_IsKestrelOnLoopback()
    {
        Assert.That(IPAddress.IsLoopback(IPAddress.Parse(_admin.Http.BaseAddress!.Host)), Is.True, _admin.Http.BaseAddress!.ToString());
    }

    [TestCase(false)]
    [TestCase(true)]
    public async Task CreateShare_BodyOverTheSizeLimit_Answers413OverLimit(bool chunked)
    {
        var body = Encoding.UTF8.GetBytes($"{{\"share\": {{\"size\": 1, \"share_proto\": \"NFS\", \"description\": \"{new string('x', 200_000)}\"}}}}");

        var response = await _admin.SendAsync(HttpMethod.Post, "/v2/shares", configure: request =>
        {
            request.Content = chunked ? new StreamContent(new MemoryStream(body)) : new ByteArrayContent(body);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            request.Headers.TransferEncodingChunked = chunked;
        });

        Fault.AssertIs(response, HttpStatusCode.RequestEntityTooLarge, "too large");
    }

    [Test]
    public async Task CreateShare_ChunkedBodyUnderTheLimit_IsAccepted()
    {
        var body = Encoding.UTF8.GetBytes("{\"share\": {\"size\": 1, \"share_proto\": \"NFS\"}}");

        var response = await _admin.SendAsync(HttpMethod.Post, "/v2/shares", configure: request =>
        {
            request.Content = new StreamContent(new MemoryStream(body));
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            request.Headers.TransferEncodingChunked = true;
        });

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.OK), response.Body);
    }
}
