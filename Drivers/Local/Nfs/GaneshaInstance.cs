using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using ShareHost.Drivers.Local.Processes;

namespace ShareHost.Drivers.Local.Nfs;

/// <summary>
/// One ganesha.nfsd serving one address, with its own configuration, pid file, recovery root, log and private
/// D-Bus bus (its own dbus-daemon). The two live and die together: if either exits, both are restarted, and the
/// exports in exports.d come back; any the files and the live server disagree on are then fixed over D-Bus.
/// </summary>
internal sealed class GaneshaInstance : SupervisedService
{
    private readonly GaneshaSettings _settings;
    private readonly Func<IReadOnlyCollection<NfsExport>> _exports;
    private ChildProcess? _bus;
    private ChildProcess? _ganesha;

    public GaneshaInstance(string address, GaneshaSettings settings, Func<IReadOnlyCollection<NfsExport>> exports, ILogger logger)
        : base($"ganesha.nfsd {address}:{settings.Port}", logger, settings.StopGrace)
    {
        Address = address;
        _settings = settings;
        _exports = exports;
        Directory = Path.Combine(settings.Root, address);
        var socket = Path.Combine(Directory, "bus.sock");
        if (socket.Length > 100)
        {
            // A Unix socket path is limited to 108 bytes; a deep state directory gets a short private one instead.
            var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Directory)))[..16];
            socket = Path.Combine("/run/sharehost", hash, "bus.sock");
        }

        BusSocket = socket;
        Bus = new ExportManagerBus($"unix:path={BusSocket}");
    }

    public string Address { get; }

    public string Directory { get; }

    public string ConfigFile => Path.Combine(Directory, "ganesha.conf");

    public string BusConfigFile => Path.Combine(Directory, "dbus.conf");

    public string PidFile => Path.Combine(Directory, "ganesha.pid");

    public string BusPidFile => Path.Combine(Directory, "dbus.pid");

    public string LogFile => Path.Combine(Directory, "ganesha.log");

    public string BusSocket { get; }

    public ExportManagerBus Bus { get; }

    public override bool IsRunning => _ganesha is { HasExited: false } && _bus is { HasExited: false };

    public override int? Pid => _ganesha?.Pid;

    protected override Task AnyExited =>
        _ganesha is null || _bus is null ? Task.CompletedTask : Task.WhenAny(_ganesha.Exited, _bus.Exited);

    /// <summary>Adds or updates one export on the running server; a stopped one reads it from exports.d when it starts.</summary>
    public async Task ApplyAsync(NfsExport export, string file, CancellationToken cancellationToken)
    {
        await Gate.WaitAsync(cancellationToken);
        try
        {
            if (!IsRunning)
            {
                return;
            }

            var live = await Bus.ShowExportsAsync(cancellationToken);
            if (live.Contains(export.ExportId))
            {
                await Bus.UpdateExportAsync(file, export.ExportId, cancellationToken);
            }
            else
            {
                await Bus.AddExportAsync(file, export.ExportId, cancellationToken);
            }
        }
        finally
        {
            Gate.Release();
        }
    }

    public async Task RemoveAsync(int exportId, CancellationToken cancellationToken)
    {
        await Gate.WaitAsync(cancellationToken);
        try
        {
            if (IsRunning)
            {
                await Bus.RemoveExportAsync(exportId, cancellationToken);
            }
        }
        finally
        {
            Gate.Release();
        }
    }

    public IReadOnlyList<string> LeftoverPidFiles => [PidFile, BusPidFile];

    public IReadOnlyList<string> OwnFiles => [ConfigFile, BusConfigFile];

    protected override async Task StartProcessesAsync(CancellationToken cancellationToken)
    {
        System.IO.Directory.CreateDirectory(Directory);
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(BusSocket)!);
        System.IO.Directory.CreateDirectory(Path.Combine(Directory, "recovery"));
        File.SetUnixFileMode(Directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        File.SetUnixFileMode(Path.GetDirectoryName(BusSocket)!, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        await File.WriteAllTextAsync(BusConfigFile, BusConfig(BusSocket), cancellationToken);
        await File.WriteAllTextAsync(ConfigFile, GaneshaConfig.Main(Address, _settings.Port, Path.Combine(Directory, "recovery"), _settings.ExportsDirectory), cancellationToken);
        Files.Delete(BusSocket);

        _bus?.Dispose();
        _bus = ChildProcess.Start($"dbus-daemon for {Name}", "dbus-daemon", ["--nofork", "--nopidfile", $"--config-file={BusConfigFile}"], Logger);
        await File.WriteAllTextAsync(BusPidFile, _bus.Pid + "\n", cancellationToken);
        await WaitUntilAsync(_ => Task.FromResult(File.Exists(BusSocket)), () => !_bus.HasExited, _settings.StartTimeout,
            $"dbus-daemon for {Name}", () => "", cancellationToken);

        _ganesha?.Dispose();
        _ganesha = ChildProcess.Start(Name, "ganesha.nfsd",
            ["-F", "-f", ConfigFile, "-L", LogFile, "-p", PidFile, "-N", _settings.LogLevel],
            Logger,
            new Dictionary<string, string> { ["DBUS_SYSTEM_BUS_ADDRESS"] = $"unix:path={BusSocket}" });
        var ganesha = _ganesha;
        await WaitUntilAsync(
            ProbeEndpointsAsync,
            () => !ganesha.HasExited, _settings.StartTimeout, Name, LogTail, cancellationToken);

        // The server read exports.d as it started; a file written meanwhile, or removed, is caught up here.
        await ReconcileAsync(cancellationToken);
    }

    protected override async Task StopProcessesAsync()
    {
        if (_ganesha is not null)
        {
            await _ganesha.StopAsync(StopGrace);
        }

        if (_bus is not null)
        {
            await _bus.StopAsync(StopGrace);
        }

        Files.Delete(BusPidFile);
        Files.Delete(PidFile);
        Files.Delete(BusSocket);
    }

    /// <summary>
    /// Ganesha itself listens (a connect alone would also reach whatever else took the port, say while a restart keeps
    /// failing) and the address answers.
    /// </summary>
    protected override async Task<bool> ProbeEndpointsAsync(CancellationToken cancellationToken) =>
        _ganesha is { } ganesha && Sockets.ListensOn(ganesha.Pid, _settings.Port) && await CanConnectAsync(Address, _settings.Port, cancellationToken);

    private async Task ReconcileAsync(CancellationToken cancellationToken)
    {
        var wanted = _exports().ToDictionary(e => e.ExportId);
        var live = await Bus.ShowExportsAsync(cancellationToken);
        foreach (var (id, export) in wanted.Where(w => !live.Contains(w.Key)))
        {
            Logger.LogInformation("{Service}: adding export {Id} ({Name}) it did not load", Name, id, export.Name);
            try
            {
                await Bus.AddExportAsync(_settings.FileOf(export), id, cancellationToken);
            }
            catch (ShareHost.Abstractions.ShareDriverException e)
            {
                // One bad export must not keep the server (and every other export) down.
                Logger.LogError("{Service}: export {Id} ({Name}) could not be added: {Reason}", Name, id, export.Name, e.Message);
            }
        }

        foreach (var id in live.Where(id => !wanted.ContainsKey(id)))
        {
            Logger.LogInformation("{Service}: removing export {Id} that is no longer configured", Name, id);
            await Bus.RemoveExportAsync(id, cancellationToken);
        }
    }

    private string LogTail()
    {
        try
        {
            var lines = File.ReadLines(LogFile).Where(l => l.Contains(":CRIT :", StringComparison.Ordinal) || l.Contains(":FATAL :", StringComparison.Ordinal) || l.Contains(":MAJ :", StringComparison.Ordinal)).TakeLast(3);
            return "Ganesha said: " + string.Join(" | ", lines);
        }
        catch (IOException)
        {
            return "";
        }
    }

    private static string BusConfig(string socket) => $"""
        <!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
         "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
        <!-- A private system bus for one ganesha.nfsd, written by ShareHost's Local driver. -->
        <busconfig>
          <type>system</type>
          <listen>unix:path={System.Security.SecurityElement.Escape(socket)}</listen>
          <auth>EXTERNAL</auth>
          <policy context="default">
            <allow user="root"/>
            <allow own="*"/>
            <allow send_destination="*"/>
            <allow send_type="method_call"/>
            <!-- Without this every reply is dropped: clients hang and ganesha needs ~11 s to start. -->
            <allow receive_sender="*"/>
          </policy>
        </busconfig>

        """;
}

/// <summary>What every Ganesha instance of a backend shares.</summary>
internal sealed record GaneshaSettings(string Root, string ExportsDirectory, int Port, string LogLevel, TimeSpan StartTimeout, TimeSpan StopGrace)
{
    public string FileOf(NfsExport export) => Path.Combine(ExportsDirectory, export.Name + ".conf");
}
