using ShareHost.Api.Errors;

namespace ShareHost.Api;

/// <summary>Manila's list parameters: <c>limit</c>, <c>offset</c> (applied only with a limit), <c>sort_key</c>, <c>sort_dir</c>.</summary>
public sealed record Paging(int? Limit, int Offset, string SortKey, bool Descending, bool WithCount)
{
    /// <summary>Manila's <c>osapi_max_limit</c>: no page is larger.</summary>
    public const int MaxLimit = 1000;

    public int EffectiveLimit => Limit is null or 0 ? MaxLimit : Math.Min(Limit.Value, MaxLimit);

    public static Paging From(IQueryCollection query, IReadOnlyDictionary<string, string> sortKeys, string defaultSortKey = "created_at")
    {
        int? limit = null;
        if (query.TryGetValue("limit", out var rawLimit))
        {
            if (!int.TryParse(rawLimit.ToString(), out var parsed) || parsed < 0)
            {
                throw new BadRequestException("limit param must be a non-negative integer.");
            }

            limit = parsed;
        }

        var offset = 0;
        if (query.TryGetValue("offset", out var rawOffset))
        {
            if (!int.TryParse(rawOffset.ToString(), out offset) || offset < 0)
            {
                throw new BadRequestException("offset param must be a non-negative integer.");
            }
        }

        var sortKey = query.TryGetValue("sort_key", out var rawKey) ? rawKey.ToString() : defaultSortKey;
        if (!sortKeys.TryGetValue(sortKey, out var column))
        {
            throw new BadRequestException($"Invalid value '{sortKey}' for 'sort_key': valid keys are {string.Join(", ", sortKeys.Keys.Order())}.");
        }

        var direction = query.TryGetValue("sort_dir", out var rawDir) ? rawDir.ToString().ToLowerInvariant() : "desc";
        if (direction is not ("asc" or "desc"))
        {
            throw new BadRequestException($"Invalid value '{direction}' for 'sort_dir': valid directions are asc, desc.");
        }

        var withCount = query.TryGetValue("with_count", out var rawCount) && Bools.Parse(rawCount.ToString(), "with_count");
        return new Paging(limit, limit is null ? 0 : offset, column, direction == "desc", withCount);
    }
}

/// <summary>Manila's <c>bool_from_string</c>.</summary>
public static class Bools
{
    public static bool IsTrue(string? value) =>
        value?.Trim().ToLowerInvariant() is "1" or "t" or "true" or "on" or "y" or "yes";

    public static bool IsFalse(string? value) =>
        value?.Trim().ToLowerInvariant() is "0" or "f" or "false" or "off" or "n" or "no";

    /// <summary>Strict parse: a recognised true/false word, else a 400 naming the parameter.</summary>
    public static bool Parse(string? value, string field)
    {
        if (IsTrue(value))
        {
            return true;
        }

        if (IsFalse(value))
        {
            return false;
        }

        throw new BadRequestException($"Invalid value '{value}' for '{field}': expected a boolean.");
    }
}
