namespace ShareHost.Api;

/// <summary>Manila's <c>self</c> and <c>bookmark</c> links; they carry the project id when the request URL did.</summary>
public static class Links
{
    public static object[] For(HttpContext context, string collection, string id)
    {
        var request = context.Request;
        var root = $"{request.Scheme}://{request.Host}";
        var project = context.Features.Get<UrlProject>() is { } p ? "/" + p.ProjectId : "";
        return
        [
            new Dictionary<string, string> { ["rel"] = "self", ["href"] = $"{root}/v2{project}/{collection}/{id}" },
            new Dictionary<string, string> { ["rel"] = "bookmark", ["href"] = $"{root}{project}/{collection}/{id}" },
        ];
    }

    /// <summary>The <c>next</c> link when a page was full: same query, offset advanced.</summary>
    public static object[]? Next(HttpContext context, string collectionPath, Paging paging, int returned)
    {
        if (paging.Limit is null || returned < paging.EffectiveLimit)
        {
            return null;
        }

        var request = context.Request;
        var project = context.Features.Get<UrlProject>() is { } p ? "/" + p.ProjectId : "";
        var query = request.Query
            .Where(q => q.Key is not ("offset" or "marker"))
            .Select(q => $"{Uri.EscapeDataString(q.Key)}={Uri.EscapeDataString(q.Value.ToString())}")
            .Append($"offset={paging.Offset + returned}");
        return
        [
            new Dictionary<string, string>
            {
                ["rel"] = "next",
                ["href"] = $"{request.Scheme}://{request.Host}/v2{project}/{collectionPath}?{string.Join('&', query)}",
            },
        ];
    }
}
