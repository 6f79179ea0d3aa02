using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;

namespace ShareHost.Api.Errors;

/// <summary>
/// Turns every failure into Manila's error body: API errors keep their status, malformed JSON and oversized bodies
/// become 400 and 413, anything unexpected becomes a logged 500 without internals.
/// </summary>
public sealed partial class ErrorHandlingMiddleware(RequestDelegate next, ILogger<ErrorHandlingMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
            if (context.Response is { HasStarted: false, StatusCode: >= 400 } response)
            {
                // An error status with nothing written yet (no route, wrong method, the framework's own 415 for a body
                // that is not JSON …) still answers with Manila's fault body.
                await ManilaErrors.WriteAsync(context, response.StatusCode, DefaultMessage(response.StatusCode));
            }
        }
        catch (ApiException e) when (!context.Response.HasStarted)
        {
            await ManilaErrors.WriteAsync(context, e.StatusCode, e.Message);
        }
        catch (BadHttpRequestException e) when (!context.Response.HasStarted)
        {
            var (status, message) = Describe(e);
            await ManilaErrors.WriteAsync(context, status, message);
        }
        catch (JsonException e) when (!context.Response.HasStarted)
        {
            await ManilaErrors.WriteAsync(context, 400, JsonMessage(e));
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away; nothing to answer.
        }
        catch (Exception e) when (!context.Response.HasStarted)
        {
            logger.LogError(e, "Unhandled error on {Method} {Path}", context.Request.Method, context.Request.Path);
            await ManilaErrors.WriteAsync(context, 500, "An unexpected error occurred; it has been logged.");
        }
    }

    private static string DefaultMessage(int status) => status switch
    {
        404 => "The resource could not be found.",
        405 => "The method is not allowed for the requested URL.",
        413 => "Request body is too large.",
        415 => "Requests with a body must have Content-Type: application/json.",
        _ => ReasonPhrases.GetReasonPhrase(status),
    };

    private static (int Status, string Message) Describe(BadHttpRequestException e)
    {
        if (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (413, "Request body is too large.");
        }

        if (e.InnerException is JsonException json)
        {
            return (400, JsonMessage(json));
        }

        if (e.Message.Contains("Implicit body inferred", StringComparison.Ordinal)
            || e.Message.Contains("Required parameter", StringComparison.Ordinal) && e.Message.Contains("was not provided from body", StringComparison.Ordinal))
        {
            return (400, "The request body is missing or is not a JSON object.");
        }

        if (e.Message.Contains("Expected a supported JSON media type", StringComparison.Ordinal))
        {
            return (415, "Requests with a body must have Content-Type: application/json.");
        }

        return (e.StatusCode == 0 ? 400 : e.StatusCode, e.Message);
    }

    /// <summary>A message naming the JSON path and the reason, without .NET type names.</summary>
    public static string JsonMessage(JsonException e, string? prefix = null)
    {
        var path = string.IsNullOrEmpty(e.Path) ? "$" : e.Path;
        var field = path.TrimStart('$').TrimStart('.');
        if (prefix is not null)
        {
            field = field.Length == 0 ? prefix : $"{prefix}.{field}";
        }

        var reason = e.Message;
        if (reason.Contains("could not be mapped to any .NET member", StringComparison.Ordinal))
        {
            return $"Unknown field '{field}' in the request body.";
        }

        if (reason.Contains("missing required properties", StringComparison.Ordinal))
        {
            var names = MissingProperties().Match(reason);
            return names.Success
                ? $"Missing required field(s) {names.Groups[1].Value} in '{(field.Length == 0 ? "body" : field)}'."
                : $"Missing required field in '{field}'.";
        }

        if (reason.Contains("could not be converted", StringComparison.Ordinal))
        {
            return field.Length == 0
                ? "The request body must be a JSON object of the documented shape."
                : $"Invalid value for field '{field}': wrong JSON type.";
        }

        return field.Length == 0 ? "The request body is not valid JSON." : $"Invalid JSON at '{field}'.";
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"missing required properties including: (.*)\.")]
    private static partial System.Text.RegularExpressions.Regex MissingProperties();
}

/// <summary>Keeps request bodies small, as Manila's sizelimit middleware does.</summary>
public sealed class BodySizeLimitMiddleware(RequestDelegate next, long limitBytes)
{
    public Task InvokeAsync(HttpContext context)
    {
        if (context.Request.ContentLength > limitBytes)
        {
            return ManilaErrors.WriteAsync(context, 413, TooLarge(limitBytes));
        }

        if (context.Request.ContentLength is null)
        {
            // A chunked body has no length to check up front: count it as it is read, so the answer is Manila's 413
            // on any server. The server's own limit is left higher as a backstop: when it trips first, the framework
            // swallows its exception and the client gets an empty 413.
            context.Request.Body = new LimitedRequestStream(context.Request.Body, limitBytes, TooLarge(limitBytes));
        }
        else if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
        {
            feature.MaxRequestBodySize = limitBytes;
        }

        return next(context);
    }

    private static string TooLarge(long limitBytes) => $"Request body is too large (limit {limitBytes} bytes).";
}
