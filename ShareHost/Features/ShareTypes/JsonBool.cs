using System.Text.Json;
using ShareHost.Api;

namespace ShareHost.Features.ShareTypes;

/// <summary>A boolean request field that Manila also accepts as a string (<c>true</c>, <c>"True"</c>, <c>"false"</c> …).</summary>
public static class JsonBool
{
    /// <summary>The value, or null when it is absent, JSON null, or not a boolean.</summary>
    public static bool? From(JsonElement? value) => value?.ValueKind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.String when Bools.IsTrue(value.Value.GetString()) => true,
        JsonValueKind.String when Bools.IsFalse(value.Value.GetString()) => false,
        _ => null,
    };

    /// <summary>Absent, JSON null, or a boolean.</summary>
    public static bool IsAbsentOrBoolean(JsonElement? value) =>
        value is null || value.Value.ValueKind == JsonValueKind.Null || From(value) is not null;

    public const string Message = "must be a boolean (true or false).";
}
