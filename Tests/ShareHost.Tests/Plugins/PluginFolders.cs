using Microsoft.Data.Sqlite;
using ShareHost.Tests.Infrastructure;

namespace ShareHost.Tests.Plugins;

/// <summary>Builds a host directory whose plugins folder is arranged by the test (extra, broken or legacy plugins).</summary>
public static class PluginFolders
{
    /// <summary>Plugins built for the tests only (see CompatPlugin in the test project).</summary>
    public static string CompatPlugins => Path.Combine(AppContext.BaseDirectory, "compat-plugins");

    /// <summary>A fresh directory for a <see cref="TestHost"/>, with the first-party plugins already in its plugins folder.</summary>
    public static string NewHostDirectory()
    {
        var directory = TestHost.NewDirectory();
        TestHost.CopyPlugins(Plugins(directory));
        return directory;
    }

    public static string Plugins(string hostDirectory) => Path.Combine(hostDirectory, "plugins");

    /// <summary>Copies a plugin folder into the host's plugins folder under <paramref name="name"/>; returns the new folder.</summary>
    public static string Copy(string sourceFolder, string hostDirectory, string name)
    {
        var target = Path.Combine(Plugins(hostDirectory), name);
        Directory.CreateDirectory(target);
        foreach (var file in Directory.GetFiles(sourceFolder, "*", SearchOption.AllDirectories))
        {
            var destination = Path.Combine(target, Path.GetRelativePath(sourceFolder, file));
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination, overwrite: true);
        }

        return target;
    }

    public static string BuiltDummy => Path.Combine(TestHost.BuiltPlugins, "Dummy");

    public static void WriteManifest(string folder, string name, string contractVersion, string assembly) =>
        File.WriteAllText(Path.Combine(folder, "plugin.json"), $$"""
            {
              "name": "{{name}}",
              "version": "9.9.9",
              "contractVersion": "{{contractVersion}}",
              "assembly": "{{assembly}}"
            }
            """);

    public static void Delete(string hostDirectory)
    {
        SqliteConnection.ClearAllPools();
        try
        {
            TestHost.DeleteDirectory(hostDirectory);
        }
        catch (IOException)
        {
            // a file still held open; the temp folder is cleaned eventually
        }
    }
}
