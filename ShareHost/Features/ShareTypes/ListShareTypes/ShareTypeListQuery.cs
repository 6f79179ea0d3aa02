using ShareHost.Api;
using ShareHost.Api.Auth;
using ShareHost.Api.Errors;
using ShareHost.Api.Versioning;

namespace ShareHost.Features.ShareTypes.ListShareTypes;

/// <summary>
/// A parsed share type listing. <c>is_public</c> (admin only; non-admins always get true): absent or true → public
/// types plus the private ones the caller's project may use, false → private only, <c>all</c> → every type.
/// <c>extra_specs</c> (2.43+) keeps the types that have every given spec with that value.
/// </summary>
public sealed record ShareTypeListQuery(bool? IsPublic, IReadOnlyDictionary<string, string> ExtraSpecs)
{
    public static ShareTypeListQuery From(HttpContext http, RequestContext caller)
    {
        var query = http.Request.Query;
        bool? isPublic = true;
        if (caller.IsAdmin && query.TryGetValue("is_public", out var rawPublic))
        {
            var text = rawPublic.ToString().Trim();
            isPublic = text.Equals("all", StringComparison.OrdinalIgnoreCase) || text.Equals("none", StringComparison.OrdinalIgnoreCase)
                ? null
                : Bools.IsTrue(text) ? true
                : Bools.IsFalse(text) ? false
                : throw new BadRequestException($"Invalid is_public filter [{text}]: use true, false or all.");
        }

        var extraSpecs = new Dictionary<string, string>(StringComparer.Ordinal);
        if (query.TryGetValue("extra_specs", out var rawSpecs) && rawSpecs.ToString().Length > 0)
        {
            if (!http.ApiVersion().AtLeast("2.43"))
            {
                throw new BadRequestException("Filter by 'extra_specs' is not supported by this microversion. Use 2.43 or greater microversion to filter share types by extra specs.");
            }

            extraSpecs = PythonDictLiteral.TryParse(rawSpecs.ToString())
                ?? throw new BadRequestException($"Invalid 'extra_specs' filter '{rawSpecs}': expected a dictionary like {{'key': 'value'}}.");
        }

        return new ShareTypeListQuery(isPublic, extraSpecs);
    }

    /// <summary>
    /// Whether the type has every requested spec with that value. Values match exactly, except the boolean standard
    /// specs, where <c>true</c>, <c>True</c> and <c>&lt;is&gt; True</c> mean the same thing.
    /// </summary>
    public bool Matches(ShareType type) =>
        ExtraSpecs.All(wanted => type.ExtraSpecs.TryGetValue(wanted.Key, out var value)
            && (value == wanted.Value
                || (StandardExtraSpecs.IsBoolean(wanted.Key)
                    && StandardExtraSpecs.ParseBoolean(value) is { } actual
                    && StandardExtraSpecs.ParseBoolean(wanted.Value) == actual)));
}
