using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using ShareHost.Abstractions;

namespace ShareHost.Plugins;

/// <summary>A plugin folder and what became of it.</summary>
public sealed record PluginInfo(
    string Folder,
    string Name,
    string? Version,
    string? ContractVersion,
    bool Loaded,
    string? Error,
    IReadOnlyDictionary<string, Type> Drivers);

/// <summary>
/// Loads every <c>plugins/&lt;Name&gt;/</c> defensively: a folder without a manifest, a plugin built against a newer
/// contract, a corrupt DLL or a type that cannot load is recorded with its reason, logged, and skipped.
/// </summary>
public sealed class PluginCatalog(ILogger<PluginCatalog> logger)
{
    private readonly List<PluginInfo> _plugins = [];

    public IReadOnlyList<PluginInfo> Plugins => _plugins;

    public void LoadAll(string pluginsPath)
    {
        var root = Path.GetFullPath(pluginsPath);
        if (!Directory.Exists(root))
        {
            logger.LogWarning("Plugin folder {Path} does not exist; no drivers are loaded", root);
            return;
        }

        foreach (var folder in Directory.GetDirectories(root).Order(StringComparer.Ordinal))
        {
            var info = LoadOne(folder);
            _plugins.Add(info);
            if (info.Loaded)
            {
                logger.LogInformation("Loaded plugin {Name} {Version} (contract {Contract}) from {Folder}: drivers {Drivers}",
                    info.Name, info.Version, info.ContractVersion, folder, string.Join(", ", info.Drivers.Keys));
            }
            else
            {
                logger.LogError("Plugin in {Folder} was not loaded: {Reason}", folder, info.Error);
            }
        }
    }

    /// <summary>The driver type for a driver name, or the reason there is none.</summary>
    public (Type? Type, string? Error) FindDriver(string driverName)
    {
        foreach (var plugin in _plugins.Where(p => p.Loaded))
        {
            var match = plugin.Drivers.FirstOrDefault(d => string.Equals(d.Key, driverName, StringComparison.OrdinalIgnoreCase));
            if (match.Value is not null)
            {
                return (match.Value, null);
            }
        }

        var failed = _plugins.FirstOrDefault(p => !p.Loaded && string.Equals(p.Name, driverName, StringComparison.OrdinalIgnoreCase));
        return failed is not null
            ? (null, $"plugin '{failed.Name}' failed to load: {failed.Error}")
            : (null, $"no loaded plugin provides a driver named '{driverName}'");
    }

    private static PluginInfo LoadOne(string folder)
    {
        var folderName = Path.GetFileName(folder);
        PluginManifest manifest;
        try
        {
            manifest = PluginManifest.Read(folder);
        }
        catch (PluginLoadException e)
        {
            return Failed(folder, folderName, null, null, e.Message);
        }

        try
        {
            var assemblyPath = Path.Combine(folder, manifest.Assembly);
            if (!File.Exists(assemblyPath))
            {
                throw new PluginLoadException($"entry assembly {manifest.Assembly} is missing");
            }

            CheckContract(Version.Parse(manifest.ContractVersion), "its manifest declares");
            CheckContract(ReferencedContract(assemblyPath), "it was compiled against");

            var context = new PluginLoadContext(assemblyPath);
            var assembly = context.LoadFromAssemblyPath(assemblyPath);
            var drivers = new Dictionary<string, Type>(StringComparer.OrdinalIgnoreCase);
            foreach (var type in ExportedTypes(assembly))
            {
                if (type.GetCustomAttribute<ShareDriverAttribute>() is not { } attribute)
                {
                    continue;
                }

                if (!typeof(IShareDriver).IsAssignableFrom(type) || type.IsAbstract || type.GetConstructor(Type.EmptyTypes) is null)
                {
                    throw new PluginLoadException($"{type.FullName} is marked [ShareDriver] but is not a concrete IShareDriver with a public parameterless constructor");
                }

                drivers[attribute.Name] = type;
            }

            if (drivers.Count == 0)
            {
                throw new PluginLoadException($"{manifest.Assembly} has no public class marked [ShareDriver]");
            }

            return new PluginInfo(folder, manifest.Name, manifest.Version, manifest.ContractVersion, true, null, drivers);
        }
        catch (Exception e) when (e is PluginLoadException or BadImageFormatException or FileLoadException or FileNotFoundException or ReflectionTypeLoadException or TypeLoadException or IOException)
        {
            var reason = e is PluginLoadException ? e.Message : $"{e.GetType().Name}: {e.Message}";
            return Failed(folder, manifest.Name, manifest.Version, manifest.ContractVersion, reason);
        }
    }

    private static void CheckContract(Version? required, string how)
    {
        if (required is null)
        {
            return;
        }

        var host = ContractInfo.Current;
        if (required.Major != host.Major || required.Minor > host.Minor)
        {
            throw new PluginLoadException(
                $"{how} driver contract {required.Major}.{required.Minor}, but this host provides {host.Major}.{host.Minor}; " +
                (required.Major != host.Major ? "major versions must match" : "upgrade ShareHost or use an older build of the plugin"));
        }
    }

    /// <summary>Reads which ShareHost.Abstractions version the DLL references, without loading it.</summary>
    private static Version? ReferencedContract(string assemblyPath)
    {
        try
        {
            using var stream = File.OpenRead(assemblyPath);
            using var pe = new PEReader(stream);
            if (!pe.HasMetadata)
            {
                throw new PluginLoadException($"{Path.GetFileName(assemblyPath)} is not a .NET assembly");
            }

            var reader = pe.GetMetadataReader();
            foreach (var handle in reader.AssemblyReferences)
            {
                var reference = reader.GetAssemblyReference(handle);
                if (reader.GetString(reference.Name) == PluginLoadContext.SharedContract)
                {
                    return reference.Version;
                }
            }

            return null;
        }
        catch (BadImageFormatException)
        {
            throw new PluginLoadException($"{Path.GetFileName(assemblyPath)} is not a valid .NET assembly (corrupt or wrong format)");
        }
    }

    private static Type[] ExportedTypes(Assembly assembly)
    {
        try
        {
            return assembly.GetExportedTypes();
        }
        catch (ReflectionTypeLoadException e)
        {
            var first = e.LoaderExceptions.FirstOrDefault(x => x is not null);
            throw new PluginLoadException($"types could not be loaded: {first?.Message ?? e.Message}");
        }
    }

    private static PluginInfo Failed(string folder, string name, string? version, string? contract, string error) =>
        new(folder, name, version, contract, false, error, new Dictionary<string, Type>());
}
