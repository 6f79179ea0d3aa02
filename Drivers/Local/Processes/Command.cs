using System.Diagnostics;
using ShareHost.Abstractions;

namespace ShareHost.Drivers.Local.Processes;

/// <summary>The outcome of one finished command.</summary>
internal sealed record CommandResult(string Command, int ExitCode, string Output, string Error)
{
    public bool Succeeded => ExitCode == 0;

    /// <summary>Throws with the command's own error text unless it succeeded.</summary>
    /// <param name="userMessage">What the share's owner is told (no paths, no command lines).</param>
    public CommandResult EnsureSuccess(string userMessage)
    {
        if (!Succeeded)
        {
            throw new ShareDriverException($"{Command} failed with exit code {ExitCode}: {Trimmed(Error.Length > 0 ? Error : Output)}")
            {
                UserMessage = userMessage,
            };
        }

        return this;
    }

    public string Message => Trimmed(Error.Length > 0 ? Error : Output);

    private static string Trimmed(string text)
    {
        text = text.Trim();
        return text.Length <= 600 ? text : text[..600] + "…";
    }
}

/// <summary>Runs short-lived commands (btrfs, mount, dbus-send, smbcontrol …) with arguments passed as a list, never through a shell.</summary>
internal static class Command
{
    /// <summary>Commands that should never take long; a hung one is killed.</summary>
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(2);

    public static async Task<CommandResult> RunAsync(
        string file,
        IEnumerable<string> arguments,
        CancellationToken cancellationToken,
        string? input = null,
        IReadOnlyDictionary<string, string>? environment = null,
        TimeSpan? timeout = null)
    {
        var start = new ProcessStartInfo(Tools.Resolve(file) ?? file)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["LC_ALL"] = "C";
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        var display = file + " " + string.Join(' ', start.ArgumentList);
        using var process = new Process { StartInfo = start };
        try
        {
            process.Start();
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            throw new ShareDriverException($"{display} could not be started: {e.Message}", e)
            {
                UserMessage = $"The backend could not run '{file}'.",
            };
        }

        var output = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var error = process.StandardError.ReadToEndAsync(CancellationToken.None);
        try
        {
            if (input is not null)
            {
                await process.StandardInput.WriteAsync(input.AsMemory(), cancellationToken);
            }

            process.StandardInput.Close();
        }
        catch (IOException)
        {
            // the command exited without reading its input; its exit code tells the rest
        }

        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout ?? DefaultTimeout);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            try
            {
                process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // already gone
            }

            if (cancellationToken.IsCancellationRequested)
            {
                throw;
            }

            throw new ShareDriverException($"{display} did not finish within {(timeout ?? DefaultTimeout).TotalSeconds:0} s")
            {
                UserMessage = $"The backend's '{file}' command did not finish in time.",
            };
        }

        return new CommandResult(display, process.ExitCode, await output, await error);
    }

    /// <summary>Runs a command and throws unless it exits 0.</summary>
    public static async Task<CommandResult> CheckAsync(string file, IEnumerable<string> arguments, string userMessage, CancellationToken cancellationToken, string? input = null) =>
        (await RunAsync(file, arguments, cancellationToken, input)).EnsureSuccess(userMessage);
}
