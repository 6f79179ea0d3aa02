using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ShareHost.Api;

/// <summary>JSON as Manila speaks it: snake_case, unknown request fields refused, numbers accepted as strings.</summary>
public static class ManilaJson
{
    public static void Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
        options.DictionaryKeyPolicy = null;
        options.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        options.NumberHandling = JsonNumberHandling.AllowReadingFromString;
        options.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
        options.RespectNullableAnnotations = false;
        options.AllowTrailingCommas = false;
        options.ReadCommentHandling = JsonCommentHandling.Disallow;
        options.MaxDepth = 32;

        // Bodies are application/json, never embedded in HTML: write ' and " inside messages as themselves, as Manila
        // does, instead of \u0027 and \u0022.
        options.Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;
    }

    /// <summary>Manila's timestamp format: naive ISO-8601 with microseconds.</summary>
    public static string? Timestamp(DateTime? value) => value?.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff");
}
