using System.Text.RegularExpressions;
using ShareHost.Abstractions;
using ShareHost.Drivers.Local.Processes;

namespace ShareHost.Drivers.Local.Nfs;

/// <summary>
/// Ganesha's <c>org.ganesha.nfsd.exportmgr</c> interface on an instance's private bus, through <c>dbus-send</c>.
/// Calls answer synchronously: a refused file comes back as an error and leaves the running export as it was
/// (unlike a SIGHUP reload, which drops an export whose new definition it refuses).
/// </summary>
internal sealed partial class ExportManagerBus(string busAddress)
{
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(15);

    public async Task<IReadOnlySet<int>> ShowExportsAsync(CancellationToken cancellationToken)
    {
        var result = await CallAsync("ShowExports", [], cancellationToken);
        EnsureSuccess(result, "list its exports");
        return ExportIds().Matches(result.Output).Select(m => int.Parse(m.Groups[1].Value)).Where(id => id != 0).ToHashSet();
    }

    public async Task AddExportAsync(string file, int exportId, CancellationToken cancellationToken) =>
        EnsureSuccess(await CallAsync("AddExport", [$"string:{file}", $"string:EXPORT(Export_Id={exportId})"], cancellationToken), "add an export");

    public async Task UpdateExportAsync(string file, int exportId, CancellationToken cancellationToken) =>
        EnsureSuccess(await CallAsync("UpdateExport", [$"string:{file}", $"string:EXPORT(Export_Id={exportId})"], cancellationToken), "update an export");

    /// <summary>Removes an export; one that is not there counts as removed.</summary>
    public async Task RemoveExportAsync(int exportId, CancellationToken cancellationToken)
    {
        var result = await CallAsync("RemoveExport", [$"uint16:{exportId}"], cancellationToken);
        if (!result.Succeeded && !result.Message.Contains("not found", StringComparison.OrdinalIgnoreCase))
        {
            EnsureSuccess(result, "remove an export");
        }
    }

    private Task<CommandResult> CallAsync(string method, IEnumerable<string> arguments, CancellationToken cancellationToken) =>
        Command.RunAsync(
            "dbus-send",
            [
                "--system", "--print-reply", $"--reply-timeout={(int)CallTimeout.TotalMilliseconds}",
                "--dest=org.ganesha.nfsd", "/org/ganesha/nfsd/ExportMgr", $"org.ganesha.nfsd.exportmgr.{method}",
                .. arguments,
            ],
            cancellationToken,
            environment: new Dictionary<string, string> { ["DBUS_SYSTEM_BUS_ADDRESS"] = busAddress },
            timeout: CallTimeout + TimeSpan.FromSeconds(5));

    private static void EnsureSuccess(CommandResult result, string action)
    {
        if (!result.Succeeded)
        {
            throw new ShareDriverException($"Ganesha refused to {action}: {result.Message}")
            {
                UserMessage = $"The NFS server refused to {action}.",
            };
        }
    }

    [GeneratedRegex(@"\buint16 (\d+)")]
    private static partial Regex ExportIds();
}
