using System.Text.RegularExpressions;
using ShareHost.Api.Errors;

namespace ShareHost.Features.Scheduling.ListPools;

/// <summary>
/// Manila's pool listing filters: each query parameter is a regular expression matched at the start of the pool's
/// field of that name (Python's <c>re.match</c>). As in Manila, a parameter naming no pool field matches no pool.
/// </summary>
public sealed class PoolRegexFilter
{
    /// <summary>The pool fields a filter can name.</summary>
    public static readonly IReadOnlyList<string> Fields = ["name", "host", "backend", "pool"];

    private static readonly TimeSpan MatchTimeout = TimeSpan.FromMilliseconds(200);

    private readonly IReadOnlyList<(string Field, Regex? Pattern)> _filters;

    private PoolRegexFilter(IReadOnlyList<(string Field, Regex? Pattern)> filters) => _filters = filters;

    /// <summary>Builds the filter from the query, leaving out <paramref name="handledElsewhere"/> (e.g. <c>share_type</c>).</summary>
    public static PoolRegexFilter From(IQueryCollection query, params string[] handledElsewhere)
    {
        var filters = new List<(string, Regex?)>();
        foreach (var (name, value) in query.Where(q => !handledElsewhere.Contains(q.Key, StringComparer.Ordinal)))
        {
            filters.Add((name, Fields.Contains(name, StringComparer.Ordinal) ? Compile(name, value.ToString()) : null));
        }

        return new PoolRegexFilter(filters);
    }

    public bool Passes(PoolState pool)
    {
        foreach (var (field, pattern) in _filters)
        {
            if (pattern is null || !MatchesAtStart(field, pattern, Field(pool, field)))
            {
                return false;
            }
        }

        return true;
    }

    private static string Field(PoolState pool, string field) => field switch
    {
        "name" => pool.Name,
        "host" => pool.Host,
        "backend" => pool.Backend,
        _ => pool.Pool,
    };

    private static Regex Compile(string field, string pattern)
    {
        try
        {
            return new Regex(pattern, RegexOptions.CultureInvariant, MatchTimeout);
        }
        catch (ArgumentException e)
        {
            throw new BadRequestException($"Invalid value for query parameter '{field}': '{pattern}' is not a valid regular expression ({e.Message}).");
        }
    }

    /// <summary>
    /// <c>re.match</c>: a match that starts at the first character. The leftmost match starts at 0 whenever one can,
    /// so checking the first match's index is exact.
    /// </summary>
    private static bool MatchesAtStart(string field, Regex pattern, string value)
    {
        try
        {
            var match = pattern.Match(value);
            return match.Success && match.Index == 0;
        }
        catch (RegexMatchTimeoutException)
        {
            throw new BadRequestException($"Invalid value for query parameter '{field}': the regular expression is too expensive to evaluate.");
        }
    }
}
