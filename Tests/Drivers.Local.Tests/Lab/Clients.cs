namespace ShareHost.Drivers.Local.Tests.Lab;

/// <summary>Real userspace clients: libnfs's nfs-cp/nfs-cat/nfs-ls (NFSv4) and smbclient, no kernel mount.</summary>
public static class Clients
{
    public static string NfsUrl(string address, int port, string exportPath, string file = "") =>
        $"nfs://{address}{exportPath.TrimEnd('/')}/{file}?version=4&nfsport={port}";

    /// <summary>Writes a small text file with nfs-cp (a new file: nfs-cp never overwrites), optionally from another source address.</summary>
    public static async Task<RunResult> NfsWriteAsync(string address, int port, string exportPath, string file, string content, string? from = null) =>
        await CopyAsync("nfs-cp", address, port, exportPath, file, System.Text.Encoding.UTF8.GetBytes(content), from);

    /// <summary>Writes any amount of data: nfs-put, since libnfs 4.0's nfs-cp cannot send NFSv4 writes over ~3.9 KB.</summary>
    public static Task<RunResult> NfsWriteBytesAsync(string address, int port, string exportPath, string file, byte[] content, string? from = null) =>
        CopyAsync(LocalLab.NfsPut, address, port, exportPath, file, content, from);

    private static async Task<RunResult> CopyAsync(string program, string address, int port, string exportPath, string file, byte[] content, string? from)
    {
        var local = Path.Combine(LocalLab.Root, "client-" + Guid.NewGuid().ToString("N"));
        await File.WriteAllBytesAsync(local, content);
        try
        {
            var arguments = program == "nfs-cp" ? new[] { local, NfsUrl(address, port, exportPath, file) } : [NfsUrl(address, port, exportPath, file), local];
            return await Run.ProgramAsync(program, arguments, From(from));
        }
        finally
        {
            File.Delete(local);
        }
    }

    public static Task<RunResult> NfsReadAsync(string address, int port, string exportPath, string file, string? from = null) =>
        Run.ProgramAsync("nfs-cat", [NfsUrl(address, port, exportPath, file)], From(from));

    public static Task<RunResult> NfsListAsync(string address, int port, string exportPath, string? from = null) =>
        Run.ProgramAsync("nfs-ls", [NfsUrl(address, port, exportPath)], From(from));

    /// <summary>Runs smbclient commands as <paramref name="user"/>; smbclient can exit 0 on a denial, so callers check <see cref="SmbFailed"/>.</summary>
    public static Task<RunResult> SmbAsync(string address, int port, string share, string user, string password, string commands) =>
        Run.ProgramAsync("smbclient", [$"//{address}/{share}", "-p", port.ToString(), "-m", "SMB3", "-U", $"{user}%{password}", "-c", commands]);

    public static bool SmbFailed(RunResult result) => !result.Succeeded || result.All.Contains("NT_STATUS_", StringComparison.Ordinal);

    /// <summary>A local file with this content, for smbclient's put.</summary>
    public static async Task<string> LocalFileAsync(string content)
    {
        var local = Path.Combine(LocalLab.Root, "client-" + Guid.NewGuid().ToString("N"));
        await File.WriteAllTextAsync(local, content);
        return local;
    }

    private static Dictionary<string, string>? From(string? address) => address is null
        ? null
        : new Dictionary<string, string> { ["LD_PRELOAD"] = LocalLab.Shim, ["BIND_SOURCE_ADDRESS"] = address };
}
