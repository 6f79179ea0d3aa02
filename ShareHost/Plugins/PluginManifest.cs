using System.Text.Json;
using System.Text.Json.Serialization;

namespace ShareHost.Plugins;

/// <summary>plugin.json: what a plugin is and which contract it was built against, read before any code loads.</summary>
public sealed class PluginManifest
{
    public const string FileName = "plugin.json";

    [JsonPropertyName("name")]
    public string Name { get; init; } = "";

    [JsonPropertyName("version")]
    public string Version { get; init; } = "";

    [JsonPropertyName("contractVersion")]
    public string ContractVersion { get; init; } = "";

    [JsonPropertyName("assembly")]
    public string Assembly { get; init; } = "";

    public static PluginManifest Read(string directory)
    {
        var path = Path.Combine(directory, FileName);
        if (!File.Exists(path))
        {
            throw new PluginLoadException($"no {FileName} manifest in {directory}");
        }

        PluginManifest? manifest;
        try
        {
            manifest = JsonSerializer.Deserialize<PluginManifest>(File.ReadAllText(path));
        }
        catch (JsonException e)
        {
            throw new PluginLoadException($"{FileName} is not valid JSON: {e.Message}");
        }

        if (manifest is null || string.IsNullOrWhiteSpace(manifest.Name) || string.IsNullOrWhiteSpace(manifest.Assembly))
        {
            throw new PluginLoadException($"{FileName} must name the plugin ('name') and its entry assembly ('assembly')");
        }

        if (!System.Version.TryParse(manifest.ContractVersion, out _))
        {
            throw new PluginLoadException($"{FileName} has no valid 'contractVersion' (got '{manifest.ContractVersion}')");
        }

        return manifest;
    }
}

public sealed class PluginLoadException(string message) : Exception(message);
