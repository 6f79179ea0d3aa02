using System.Net;

namespace ShareHost.Api.Auth;

/// <summary>Nothing binds beyond loopback unless configured to, and never while a lab token is configured.</summary>
public static class ListenGuard
{
    public const string DefaultUrl = "http://127.0.0.1:8786";

    public static void Apply(WebApplicationBuilder builder)
    {
        var urls = builder.Configuration["urls"];
        if (string.IsNullOrWhiteSpace(urls) && !builder.Configuration.GetSection("Kestrel:Endpoints").GetChildren().Any())
        {
            builder.WebHost.UseUrls(DefaultUrl);
            urls = DefaultUrl;
        }

        var all = (urls ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Concat(builder.Configuration.GetSection("Kestrel:Endpoints").GetChildren().Select(e => e["Url"] ?? ""))
            .Where(u => u.Length > 0)
            .ToList();
        var open = all.Where(u => !IsLoopback(u)).ToList();
        if (open.Count == 0)
        {
            return;
        }

        var tokens = builder.Configuration.GetSection(AuthOptions.Section).Get<AuthOptions>()?.Tokens ?? [];
        var lab = tokens.Where(t => AuthOptions.LabTokens.Contains(t.Token)).Select(t => t.Token).ToList();
        if (lab.Count > 0)
        {
            throw new InvalidOperationException(
                $"Refusing to listen on {string.Join(", ", open)}: the documented lab token(s) {string.Join(", ", lab)} are configured. " +
                "Replace them under Auth:Tokens before listening beyond loopback.");
        }
    }

    public static bool IsLoopback(string url)
    {
        var host = url.Contains("://", StringComparison.Ordinal) ? url[(url.IndexOf("://", StringComparison.Ordinal) + 3)..] : url;
        host = host.Split('/')[0];
        if (host.StartsWith('['))
        {
            host = host[1..host.IndexOf(']', StringComparison.Ordinal)];
        }
        else if (host.Contains(':', StringComparison.Ordinal))
        {
            host = host[..host.LastIndexOf(':')];
        }

        return host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
            || (IPAddress.TryParse(host, out var ip) && IPAddress.IsLoopback(ip));
    }
}
