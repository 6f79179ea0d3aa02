using ShareHost.Api.Errors;

namespace ShareHost.Api.Versioning;

/// <summary>
/// Negotiates the microversion of every <c>/v2</c> request: absent → 2.0, malformed → 400, out of range → 406.
/// The negotiated version is echoed with <c>Vary</c>, as Manila does.
/// </summary>
public sealed class MicroversionMiddleware(RequestDelegate next)
{
    public const string HeaderName = "X-OpenStack-Manila-API-Version";
    public const string ExperimentalHeader = "X-OpenStack-Manila-API-Experimental";

    public async Task InvokeAsync(HttpContext context)
    {
        if (!context.Request.Path.StartsWithSegments("/v2"))
        {
            await next(context);
            return;
        }

        var requested = context.Request.Headers[HeaderName].ToString();
        var version = VersionHistory.Default;
        if (requested.Length > 0 && !requested.Equals("latest", StringComparison.OrdinalIgnoreCase))
        {
            if (!ApiVersion.TryParse(requested, out version))
            {
                await ManilaErrors.WriteAsync(context, 400, $"API version '{requested}' is not in the format 'major.minor'.");
                return;
            }

            if (version < VersionHistory.Min || version > VersionHistory.Max)
            {
                await ManilaErrors.WriteAsync(context, 406,
                    $"Version {version} is not supported by the API. Minimum is {VersionHistory.Min} and maximum is {VersionHistory.Max}.");
                return;
            }
        }
        else if (requested.Length > 0)
        {
            version = VersionHistory.Max;
        }

        context.Features.Set(new RequestedVersion(version, IsExperimental(context)));
        context.Response.OnStarting(() =>
        {
            context.Response.Headers[HeaderName] = version.ToString();
            context.Response.Headers.Append("Vary", HeaderName);
            if (IsExperimental(context))
            {
                context.Response.Headers[ExperimentalHeader] = "True";
            }

            return Task.CompletedTask;
        });
        await next(context);
    }

    private static bool IsExperimental(HttpContext context) =>
        context.Request.Headers[ExperimentalHeader].ToString().Trim().ToLowerInvariant() is "true" or "1" or "yes" or "on" or "y" or "t";
}

/// <summary>The microversion negotiated for the current request.</summary>
public sealed record RequestedVersion(ApiVersion Version, bool Experimental);

public static class RequestedVersionExtensions
{
    /// <summary>The request's negotiated microversion (2.0 outside <c>/v2</c>).</summary>
    public static ApiVersion ApiVersion(this HttpContext context) =>
        context.Features.Get<RequestedVersion>()?.Version ?? VersionHistory.Default;
}
