using System.Globalization;
using ShareHost.Api;
using ShareHost.Api.Auth;
using ShareHost.Api.Errors;
using ShareHost.Api.Versioning;

namespace ShareHost.Features.Messages.ListMessages;

/// <summary>Parses Manila's message listing parameters into a <see cref="MessageQuery"/>.</summary>
public static class MessageListQuery
{
    public static readonly IReadOnlyDictionary<string, string> SortKeys = new Dictionary<string, string>
    {
        ["id"] = "id",
        ["project_id"] = "project_id",
        ["request_id"] = "request_id",
        ["resource_type"] = "resource_type",
        ["resource_id"] = "resource_id",
        ["action_id"] = "action_id",
        ["detail_id"] = "detail_id",
        ["message_level"] = "message_level",
        ["created_at"] = "created_at",
        ["expires_at"] = "expires_at",
    };

    /// <summary>Manila's exact-match filters; the column names are fixed here, never taken from the request.</summary>
    private static readonly string[] ExactFilters = ["request_id", "resource_type", "resource_id", "action_id", "detail_id", "message_level"];

    private static readonly string[] IsoFormats =
    [
        "yyyy-MM-dd", "yyyy-MM-ddTHH:mm", "yyyy-MM-ddTHH:mm:ss", "yyyy-MM-ddTHH:mm:ss.FFFFFFF",
        "yyyy-MM-ddTHH:mmK", "yyyy-MM-ddTHH:mm:ssK", "yyyy-MM-ddTHH:mm:ss.FFFFFFFK",
        "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm:ss.FFFFFFF", "yyyy-MM-dd HH:mm:ssK", "yyyy-MM-dd HH:mm:ss.FFFFFFFK",
    ];

    /// <summary>
    /// Non-admins see their project's messages; admins see every project's, as in Manila (where <c>all_tenants</c>
    /// changes nothing for messages). Unknown parameters are ignored, as Manila does.
    /// </summary>
    public static MessageQuery From(HttpContext http, RequestContext caller)
    {
        var query = http.Request.Query;
        var paging = Paging.From(query, SortKeys);
        var filters = ExactFilters
            .Where(f => query.TryGetValue(f, out var value) && value.ToString().Length > 0)
            .Select(f => (f, query[f].ToString()))
            .ToList();

        DateTime? since = null;
        DateTime? before = null;
        if (http.ApiVersion().AtLeast("2.52"))
        {
            since = Time(query, "created_since");
            before = Time(query, "created_before");
        }

        // Manila applies offset with or without a limit for messages.
        var offset = paging.Limit is null && query.TryGetValue("offset", out var rawOffset) ? int.Parse(rawOffset.ToString(), CultureInfo.InvariantCulture) : paging.Offset;
        return new MessageQuery(caller.IsAdmin ? null : caller.ProjectId, filters, since, before, paging.SortKey, paging.Descending, paging.EffectiveLimit, offset);
    }

    /// <summary>An ISO 8601 time; with a zone it is converted to UTC, without one it is taken as UTC.</summary>
    private static DateTime? Time(IQueryCollection query, string name)
    {
        if (!query.TryGetValue(name, out var raw))
        {
            return null;
        }

        if (!DateTime.TryParseExact(raw.ToString().Trim(), IsoFormats, CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed))
        {
            throw new BadRequestException(
                $"Invalid value for query parameter '{name}': '{raw}' is not an ISO 8601 time (e.g. 2024-05-01T12:00:00Z).");
        }

        return DateTime.SpecifyKind(parsed, DateTimeKind.Unspecified);
    }
}
