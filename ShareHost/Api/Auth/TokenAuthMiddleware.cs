using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using ShareHost.Api.Errors;

namespace ShareHost.Api.Auth;

/// <summary>
/// Authenticates every request except version discovery (<c>/</c>, <c>/v2/</c>) and the API documents:
/// <c>X-Auth-Token</c> must name a configured token, else 401.
/// </summary>
public sealed class TokenAuthMiddleware(RequestDelegate next, IOptionsMonitor<AuthOptions> options)
{
    public const string HeaderName = "X-Auth-Token";

    public async Task InvokeAsync(HttpContext context)
    {
        // Every answer carries a request id (Manila's header name says "compute"), errors included.
        var requestId = $"req-{Guid.NewGuid()}";
        context.Response.Headers["x-compute-request-id"] = requestId;
        context.Response.Headers["x-openstack-request-id"] = requestId;
        if (IsAnonymous(context.Request.Path))
        {
            await next(context);
            return;
        }

        var token = context.Request.Headers[HeaderName].ToString();
        if (token.Length == 0)
        {
            context.Response.Headers.WWWAuthenticate = "Keystone uri=\"none\"";
            await ManilaErrors.WriteAsync(context, 401, "Authentication required: send X-Auth-Token.");
            return;
        }

        var entry = Match(options.CurrentValue.Tokens, token);
        if (entry is null)
        {
            await ManilaErrors.WriteAsync(context, 401, "The token in X-Auth-Token is not valid.");
            return;
        }

        context.Features.Set(new RequestContext(
            entry.UserId, entry.ProjectId, entry.RoleSet(), requestId));
        await next(context);
    }

    /// <summary>
    /// The entry whose token is <paramref name="token"/>. Every configured token is compared, each in time that does
    /// not depend on where it differs, so response times do not reveal how much of a guess was right.
    /// </summary>
    private static AuthOptions.TokenEntry? Match(List<AuthOptions.TokenEntry> tokens, string token)
    {
        var presented = MemoryMarshal.AsBytes(token.AsSpan());
        AuthOptions.TokenEntry? match = null;
        foreach (var entry in tokens)
        {
            if (CryptographicOperations.FixedTimeEquals(MemoryMarshal.AsBytes(entry.Token.AsSpan()), presented) && match is null)
            {
                match = entry;
            }
        }

        return match;
    }

    private static bool IsAnonymous(PathString path)
    {
        var value = path.Value ?? "/";
        return value is "/" or "/v2" or "/v2/" or "/healthcheck"
            || value.StartsWith("/openapi/", StringComparison.Ordinal)
            || value.StartsWith("/swagger", StringComparison.Ordinal);
    }
}
