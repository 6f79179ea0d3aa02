namespace ShareHost.Tests.Infrastructure;

/// <summary>
/// Tests that need an external tool: when it is missing they are skipped on a developer's machine, but fail in CI
/// (./test.sh sets SHAREHOST_REQUIRE_ALL_TESTS=1 and installs the tools), so CI can never pass by skipping.
/// </summary>
public static class Prerequisites
{
    public static bool Required => Environment.GetEnvironmentVariable("SHAREHOST_REQUIRE_ALL_TESTS") == "1";

    public static void Require(bool present, string what)
    {
        if (present)
        {
            return;
        }

        if (Required)
        {
            Assert.Fail($"{what} is missing; ./test.sh installs it when run as root.");
        }

        Assert.Ignore($"{what} is missing (run ./test.sh as root to install it).");
    }

    public static string? FindExecutable(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin")
            .Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, name))
            .FirstOrDefault(File.Exists);
}
