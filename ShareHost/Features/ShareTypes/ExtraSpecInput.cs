using System.Text.Json;

namespace ShareHost.Features.ShareTypes;

/// <summary>Extra specs as a request sends them (string or boolean JSON values), checked and turned into stored strings.</summary>
public static class ExtraSpecInput
{
    /// <summary>Every problem with the specs, each with the key it concerns (null for a rule across keys).</summary>
    public static IEnumerable<(string? Key, string Message)> Problems(IReadOnlyDictionary<string, JsonElement> specs)
    {
        var stored = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, json) in specs)
        {
            if (StandardExtraSpecs.KeyProblem(key) is { } keyProblem)
            {
                yield return (key, keyProblem);
                continue;
            }

            if (StandardExtraSpecs.FromJson(json) is not { } value)
            {
                yield return (key, "extra spec values must be strings or booleans.");
                continue;
            }

            if (StandardExtraSpecs.ValueProblem(key, value) is { } valueProblem)
            {
                yield return (key, valueProblem);
                continue;
            }

            stored[key] = StandardExtraSpecs.Normalize(key, value);
        }

        if (StandardExtraSpecs.CombinationProblem(stored) is { } combination)
        {
            yield return (null, combination);
        }
    }

    /// <summary>The specs as they are stored; call after <see cref="Problems"/> found none.</summary>
    public static Dictionary<string, string> ToStored(IReadOnlyDictionary<string, JsonElement> specs) =>
        specs.ToDictionary(
            p => p.Key,
            p => StandardExtraSpecs.Normalize(p.Key, StandardExtraSpecs.FromJson(p.Value) ?? throw new ArgumentException($"extra spec '{p.Key}' was not validated", nameof(specs))),
            StringComparer.Ordinal);
}
