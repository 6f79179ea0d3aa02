using System.Diagnostics;

namespace ShareHost.Tests.Infrastructure;

/// <summary>The stock <c>manila</c> command (Debian's python3-manilaclient) pointed at a host without Keystone.</summary>
public sealed class ManilaCli(Uri baseAddress, string token)
{
    public static string? Executable => Prerequisites.FindExecutable("manila");

    /// <summary>Skips (developer machine) or fails (CI) when the CLI is not installed.</summary>
    public static void Require() => Prerequisites.Require(Executable is not null, "the manila CLI (python3-manilaclient)");

    /// <summary>Runs <c>manila ARGS</c> (bounded: 60 s) and returns its exit code and output.</summary>
    public async Task<Result> RunAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo(Executable!)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["OS_TOKEN"] = token;
        start.Environment["OS_MANILA_BYPASS_URL"] = new Uri(baseAddress, "/v2").ToString();
        start.Environment["PYTHONWARNINGS"] = "ignore";
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"manila {string.Join(' ', arguments)} did not finish within 60 s");
        }

        return new Result(process.ExitCode, await output, await error);
    }

    /// <summary>Runs and asserts success.</summary>
    public async Task<string> OkAsync(params string[] arguments)
    {
        var result = await RunAsync(arguments);
        Assert.That(result.ExitCode, Is.Zero, $"manila {string.Join(' ', arguments)} failed:\n{result.Output}\n{result.Error}");
        return result.Output;
    }

    /// <summary>Reads one field of a <c>manila show</c>-style Property/Value table.</summary>
    public static string? Field(string table, string property) =>
        table.Split('\n')
            .Select(line => line.Split('|', StringSplitOptions.TrimEntries))
            .Where(cells => cells.Length >= 4 && cells[1] == property)
            .Select(cells => cells[2])
            .FirstOrDefault();

    /// <summary>Polls <c>manila show</c> until <paramref name="property"/> equals <paramref name="expected"/> (bounded: 30 s).</summary>
    public async Task<string> WaitForAsync(string share, string property, string expected)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        var last = "";
        while (DateTime.UtcNow < deadline)
        {
            last = await OkAsync("show", share);
            if (Field(last, property) == expected)
            {
                return last;
            }

            await Task.Delay(200);
        }

        Assert.Fail($"share {share} never had {property} = {expected}; last:\n{last}");
        return last;
    }

    public sealed record Result(int ExitCode, string Output, string Error);
}
