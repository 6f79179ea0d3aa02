using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ShareHost.Benchmarks;

/// <summary>A thin Manila client for the benchmarks: a token, microversion 2.72, JSON.</summary>
public sealed class Api(string baseUrl, string token) : IDisposable
{
    private readonly HttpClient _http = Create(baseUrl, token);

    public async Task<JsonNode> SendAsync(HttpMethod method, string path, object? body = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");
        }

        using var response = await _http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{method} {path} → {(int)response.StatusCode}: {text}");
        }

        return text.Length == 0 ? new JsonObject() : JsonNode.Parse(text)!;
    }

    /// <summary>
    /// POSTs ready JSON and scans the answer for one string property instead of parsing it into a tree. The hot loops
    /// (mounts, renewals) no longer come here: they use <see cref="LeanHttpClient.PostAsync"/>, which has these
    /// semantics without HttpClient's per-request work (see <see cref="MountsBenchmark"/>). This stays as the
    /// HttpClient reference to A/B it against.
    /// </summary>
    /// <returns>The first string value of a property named <paramref name="property"/> in the answer, or null.</returns>
    public async Task<string?> PostAsync(string path, string json, string? property)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(Encoding.UTF8.GetBytes(json)) };
        request.Content.Headers.ContentType = JsonContentType;
        using var response = await _http.SendAsync(request);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"POST {path} → {(int)response.StatusCode}: {Encoding.UTF8.GetString(bytes)}");
        }

        return property is null ? null : FirstString(bytes, property);
    }

    private static readonly MediaTypeHeaderValue JsonContentType = new("application/json") { CharSet = "utf-8" };

    /// <summary>The first string value of a property named <paramref name="property"/> in a JSON text, or null.</summary>
    internal static string? FirstString(ReadOnlySpan<byte> json, string property)
    {
        var reader = new Utf8JsonReader(json);
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.PropertyName && reader.ValueTextEquals(property))
            {
                reader.Read();
                return reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
            }
        }

        return null;
    }

    /// <summary>Times one request, in milliseconds.</summary>
    public async Task<double> TimeAsync(HttpMethod method, string path, object? body = null)
    {
        var started = Stopwatch.GetTimestamp();
        await SendAsync(method, path, body);
        return Stopwatch.GetElapsedTime(started).TotalMilliseconds;
    }

    public void Dispose() => _http.Dispose();

    private static HttpClient Create(string baseUrl, string token)
    {
        var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256 }) { BaseAddress = new Uri(baseUrl) };
        http.DefaultRequestHeaders.Add("X-Auth-Token", token);
        http.DefaultRequestHeaders.Add("X-OpenStack-Manila-API-Version", "2.72");
        http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return http;
    }
}
