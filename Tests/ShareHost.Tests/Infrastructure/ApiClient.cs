using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ShareHost.Tests.Infrastructure;

/// <summary>Talks to ShareHost the way Manila clients do: a token, a microversion, JSON bodies.</summary>
public sealed class ApiClient(HttpClient http, string token, string? version) : IDisposable
{
    public HttpClient Http => http;

    public string? Version { get; set; } = version;

    public async Task<Response> SendAsync(HttpMethod method, string path, object? body = null, string? rawBody = null, Action<HttpRequestMessage>? configure = null)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Add("X-Auth-Token", token);
        if (Version is not null)
        {
            request.Headers.Add("X-OpenStack-Manila-API-Version", Version);
        }

        if (rawBody is not null)
        {
            request.Content = new StringContent(rawBody, Encoding.UTF8, "application/json");
        }
        else if (body is not null)
        {
            request.Content = new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");
        }

        configure?.Invoke(request);
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return new Response(response.StatusCode, text, response.Headers, response.Content.Headers.ContentType);
    }

    public Task<Response> GetAsync(string path) => SendAsync(HttpMethod.Get, path);

    public Task<Response> PostAsync(string path, object? body) => SendAsync(HttpMethod.Post, path, body);

    public Task<Response> PutAsync(string path, object? body) => SendAsync(HttpMethod.Put, path, body);

    public Task<Response> DeleteAsync(string path) => SendAsync(HttpMethod.Delete, path);

    /// <summary>Creates a share and returns its id (asserting the request was accepted).</summary>
    public async Task<string> CreateShareAsync(int size = 1, string protocol = "NFS", string? type = null, string? zone = null, string? name = null)
    {
        var share = new Dictionary<string, object?> { ["size"] = size, ["share_proto"] = protocol, ["name"] = name };
        if (type is not null)
        {
            share["share_type"] = type;
        }

        if (zone is not null)
        {
            share["availability_zone"] = zone;
        }

        var response = await PostAsync("/v2/shares", new { share });
        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.OK), response.Body);
        return response.Json["share"]!["id"]!.GetValue<string>();
    }

    /// <summary>Polls the share until it reaches <paramref name="status"/> (bounded: 15 s).</summary>
    public async Task<JsonNode> WaitForShareAsync(string id, string status)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        JsonNode? share = null;
        while (DateTime.UtcNow < deadline)
        {
            var response = await GetAsync($"/v2/shares/{id}");
            share = response.Json["share"];
            if (share?["status"]?.GetValue<string>() == status)
            {
                return share;
            }

            await Task.Delay(20);
        }

        Assert.Fail($"share {id} did not reach '{status}'; last seen: {share?.ToJsonString()}");
        return null!;
    }

    public void Dispose() => http.Dispose();

    public sealed record Response(HttpStatusCode Status, string Body, HttpResponseHeaders Headers, MediaTypeHeaderValue? ContentType)
    {
        public JsonNode Json => JsonNode.Parse(Body) ?? throw new InvalidOperationException("empty body");

        /// <summary>The Manila fault's message, e.g. for <c>{"badRequest": {"code": 400, "message": "…"}}</c>.</summary>
        public string ErrorMessage => Json.AsObject().First().Value!["message"]!.GetValue<string>();

        public string FaultName => Json.AsObject().First().Key;
    }
}
