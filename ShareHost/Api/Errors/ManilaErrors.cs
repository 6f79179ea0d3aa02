using System.Text.Json;

namespace ShareHost.Api.Errors;

/// <summary>Manila's error body: <c>{"itemNotFound": {"code": 404, "message": "…"}}</c>.</summary>
public static class ManilaErrors
{
    private static readonly JsonSerializerOptions Json = CreateJson();

    public static string FaultName(int statusCode) => statusCode switch
    {
        400 => "badRequest",
        401 => "unauthorized",
        403 => "forbidden",
        404 => "itemNotFound",
        405 => "badMethod",
        409 => "conflictingRequest",
        413 => "overLimit",
        415 => "badMediaType",
        422 => "unprocessableEntity",
        501 => "notImplemented",
        503 => "serviceUnavailable",
        _ => "computeFault",
    };

    public static Dictionary<string, object> Body(int statusCode, string message)
    {
        var fault = new Dictionary<string, object> { ["code"] = statusCode, ["message"] = message };
        if (statusCode == 413)
        {
            fault["retryAfter"] = 0;
        }

        return new Dictionary<string, object> { [FaultName(statusCode)] = fault };
    }

    public static IResult Result(int statusCode, string message) => TypedResults.Json(Body(statusCode, message), statusCode: statusCode);

    public static async Task WriteAsync(HttpContext context, int statusCode, string message)
    {
        context.Response.StatusCode = statusCode;
        context.Response.ContentType = "application/json";
        await JsonSerializer.SerializeAsync(context.Response.Body, Body(statusCode, message), Json, context.RequestAborted);
    }

    private static JsonSerializerOptions CreateJson()
    {
        var options = new JsonSerializerOptions();
        ManilaJson.Configure(options);
        return options;
    }
}
