using System.Text.Json;

namespace ShareHost.Persistence;

/// <summary>
/// A list of values bound as one JSON parameter, read in SQL with <c>IN (SELECT value FROM json_each(@p))</c>.
/// Dapper's <c>IN @list</c> expands to one parameter per item, so the statement text changes with the list's length
/// and SQLite looks every name up in a linear list: for a page of 100 shares that bound 100 parameters per query at
/// O(n²) name comparisons. One parameter keeps the text constant and the binding O(1).
/// </summary>
public static class SqlList
{
    /// <summary>The values as a JSON array string.</summary>
    public static string Of(IEnumerable<string> values) => JsonSerializer.Serialize(values);
}
