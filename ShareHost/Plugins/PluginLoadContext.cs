using System.Reflection;
using System.Runtime.Loader;

namespace ShareHost.Plugins;

/// <summary>
/// One load context per <c>plugins/&lt;Name&gt;/</c>. The contract assembly and <c>Microsoft.Extensions.*</c> come from
/// the host, so <c>IShareDriver</c> is the same type on both sides; everything else resolves from the plugin's folder.
/// </summary>
public sealed class PluginLoadContext(string entryAssemblyPath) : AssemblyLoadContext(Path.GetFileNameWithoutExtension(entryAssemblyPath), isCollectible: false)
{
    private readonly AssemblyDependencyResolver _resolver = new(entryAssemblyPath);

    public static bool IsShared(AssemblyName name) =>
        name.Name is { } n && (n == SharedContract || n.StartsWith("Microsoft.Extensions.", StringComparison.Ordinal));

    public const string SharedContract = "ShareHost.Abstractions";

    protected override Assembly? Load(AssemblyName assemblyName)
    {
        if (IsShared(assemblyName))
        {
            return Default.LoadFromAssemblyName(new AssemblyName(assemblyName.Name!));
        }

        var path = _resolver.ResolveAssemblyToPath(assemblyName);
        return path is null ? null : LoadFromAssemblyPath(path);
    }

    protected override IntPtr LoadUnmanagedDll(string unmanagedDllName)
    {
        var path = _resolver.ResolveUnmanagedDllToPath(unmanagedDllName);
        return path is null ? IntPtr.Zero : LoadUnmanagedDllFromPath(path);
    }
}
