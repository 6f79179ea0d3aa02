using System.Diagnostics;

namespace ShareHost.Drivers.Local.Tests.Lab;

public sealed record RunResult(int ExitCode, string Output, string Error)
{
    public bool Succeeded => ExitCode == 0;

    public string All => (Output + "\n" + Error).Trim();
}

/// <summary>Runs a program for the tests (clients, set-up tools), arguments as a list, with a time limit.</summary>
public static class Run
{
    public static async Task<RunResult> ProgramAsync(string file, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null,
        string? input = null, TimeSpan? timeout = null)
    {
        var start = new ProcessStartInfo(file)
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

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{file} did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (input is not null)
        {
            await process.StandardInput.WriteAsync(input);
        }

        process.StandardInput.Close();
        using var limit = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            return new RunResult(-1, await output, await error + $"\n(killed after {(timeout ?? TimeSpan.FromSeconds(60)).TotalSeconds} s)");
        }

        return new RunResult(process.ExitCode, await output, await error);
    }

    /// <summary>Runs and asserts success.</summary>
    public static async Task<RunResult> CheckedAsync(string file, params string[] arguments)
    {
        var result = await ProgramAsync(file, arguments);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} failed ({result.ExitCode}): {result.All}");
        }

        return result;
    }
}
