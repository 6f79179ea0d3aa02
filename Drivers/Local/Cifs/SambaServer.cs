using Microsoft.Extensions.Logging;
using ShareHost.Drivers.Local.Processes;

namespace ShareHost.Drivers.Local.Cifs;

/// <summary>
/// The backend's smbd, supervised like Ganesha: private configuration, shares in an include file applied with
/// <c>smbcontrol … reload-config</c> (new connections read the new file; <c>close-share</c> drops sessions that
/// lost their access).
/// </summary>
internal sealed class SambaServer : SupervisedService
{
    private readonly Dictionary<string, SambaShare> _shares = [];
    private readonly IReadOnlyList<string> _addresses;
    private readonly int _port;
    private readonly TimeSpan _startTimeout;
    private IReadOnlyList<(string Account, string Client)> _users = [];
    private ChildProcess? _smbd;

    public SambaServer(string root, IReadOnlyList<string> addresses, int port, TimeSpan startTimeout, TimeSpan stopGrace, ILogger logger)
        : base($"smbd {string.Join(",", addresses)}:{port}", logger, stopGrace)
    {
        Paths = new SambaPaths(root);
        _addresses = addresses;
        _port = port;
        _startTimeout = startTimeout;
    }

    public SambaPaths Paths { get; }

    public IReadOnlyList<string> Addresses => _addresses;

    public override bool IsRunning => _smbd is { HasExited: false };

    public override int? Pid => _smbd?.Pid;

    protected override Task AnyExited => _smbd?.Exited ?? Task.CompletedTask;

    /// <summary>Writes the configuration for <paramref name="shares"/> and <paramref name="users"/>, then starts smbd.</summary>
    public async Task StartAsync(IEnumerable<SambaShare> shares, IEnumerable<(string Account, string Client)> users, CancellationToken cancellationToken)
    {
        foreach (var folder in Paths.Folders)
        {
            Directory.CreateDirectory(folder);
        }

        File.SetUnixFileMode(Paths.Root, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        File.SetUnixFileMode(Paths.Private, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        await File.WriteAllTextAsync(Paths.Config, SambaConfig.Main(Paths, _addresses, _port), cancellationToken);
        foreach (var share in shares)
        {
            _shares[share.Name] = share;
        }

        _users = users.ToList();
        await WriteAsync(cancellationToken);
        await StartAsync(cancellationToken);
    }

    /// <summary>Adds or replaces shares and the user map, and has smbd reload.</summary>
    public async Task ApplyAsync(IEnumerable<SambaShare> shares, IEnumerable<(string Account, string Client)> users, IEnumerable<string> closeShares, CancellationToken cancellationToken)
    {
        await Gate.WaitAsync(cancellationToken);
        try
        {
            foreach (var share in shares)
            {
                _shares[share.Name] = share;
            }

            _users = users.ToList();
            await WriteAsync(cancellationToken);
            await ReloadAsync(closeShares, cancellationToken);
        }
        finally
        {
            Gate.Release();
        }
    }

    /// <summary>Removes a share and disconnects whoever uses it.</summary>
    public async Task RemoveAsync(string name, CancellationToken cancellationToken)
    {
        await Gate.WaitAsync(cancellationToken);
        try
        {
            _shares.Remove(name);
            await WriteAsync(cancellationToken);
            await ReloadAsync([name], cancellationToken);
        }
        finally
        {
            Gate.Release();
        }
    }

    /// <summary>Disconnects a share's clients (before its subvolume is unmounted).</summary>
    public async Task CloseAsync(string name, CancellationToken cancellationToken)
    {
        await Gate.WaitAsync(cancellationToken);
        try
        {
            await ReloadAsync([name], cancellationToken, reload: false);
        }
        finally
        {
            Gate.Release();
        }
    }

    public IReadOnlyList<string> LeftoverPidFiles => [Paths.PidFile, Path.Combine(Paths.Root, "smbd.child.pid")];

    public IReadOnlyList<string> OwnFiles => [Paths.Config];

    protected override async Task StartProcessesAsync(CancellationToken cancellationToken)
    {
        _smbd?.Dispose();
        _smbd = ChildProcess.Start(Name, "smbd", ["--foreground", "--no-process-group", "-s", Paths.Config], Logger);
        await File.WriteAllTextAsync(Path.Combine(Paths.Root, "smbd.child.pid"), _smbd.Pid + "\n", cancellationToken);
        var smbd = _smbd;
        await WaitUntilAsync(
            ProbeEndpointsAsync,
            () => !smbd.HasExited, _startTimeout, Name, LogTail, cancellationToken);
    }

    protected override async Task StopProcessesAsync()
    {
        if (_smbd is not null)
        {
            await _smbd.StopAsync(StopGrace);
        }
    }

    /// <summary>
    /// smbd itself listens (a connect alone would also reach whatever else took the port, say while a restart keeps
    /// failing) and every address answers.
    /// </summary>
    protected override async Task<bool> ProbeEndpointsAsync(CancellationToken cancellationToken)
    {
        if (_smbd is not { } smbd || !Sockets.ListensOn(smbd.Pid, _port))
        {
            return false;
        }

        foreach (var address in _addresses)
        {
            if (!await CanConnectAsync(address, _port, cancellationToken))
            {
                return false;
            }
        }

        return true;
    }

    private async Task WriteAsync(CancellationToken cancellationToken)
    {
        await WriteFileAsync(Paths.Shares, SambaConfig.Shares(_shares.Values), cancellationToken);
        await WriteFileAsync(Paths.UserMap, SambaConfig.UserMap(_users), cancellationToken);
    }

    private async Task ReloadAsync(IEnumerable<string> closeShares, CancellationToken cancellationToken, bool reload = true)
    {
        if (!IsRunning)
        {
            return; // it reads the files when the supervisor starts it again
        }

        if (reload)
        {
            await Command.CheckAsync("smbcontrol", ["-s", Paths.Config, "smbd", "reload-config"], "The CIFS server did not take the new configuration.", cancellationToken);
        }

        foreach (var name in closeShares)
        {
            await Command.CheckAsync("smbcontrol", ["-s", Paths.Config, "smbd", "close-share", name], "The CIFS server could not disconnect a share's clients.", cancellationToken);
        }
    }

    private static async Task WriteFileAsync(string path, string text, CancellationToken cancellationToken)
    {
        var staged = path + ".tmp";
        await File.WriteAllTextAsync(staged, text, cancellationToken);
        File.Move(staged, path, overwrite: true);
    }

    private string LogTail()
    {
        try
        {
            return "smbd said: " + string.Join(" | ", File.ReadLines(Paths.Log).TakeLast(4).Select(l => l.Trim()));
        }
        catch (IOException)
        {
            return "";
        }
    }
}
