using System.Diagnostics;
using ShareHost.Tests.Features.Shares;
using ShareHost.Tests.Infrastructure;

namespace ShareHost.Tests.Features.AccessRules;

/// <summary>
/// The stock <c>manila</c> CLI (python-manilaclient) against the host on real Kestrel: access-allow, access-list and
/// access-deny, at the client's default microversion and at the older ones that use the legacy actions.
/// </summary>
public sealed class ManilaCliAccessTests
{
    private const string Cli = "/usr/bin/manila";

    private TestHost _host = null!;
    private ApiClient _admin = null!;

    [OneTimeSetUp]
    public void OneTimeSetUp()
    {
        if (!File.Exists(Cli) && Environment.GetEnvironmentVariable("SHAREHOST_REQUIRE_ALL_TESTS") != "1")
        {
            Assert.Ignore($"{Cli} is not installed (apt-get install python3-manilaclient)");
        }

        _host = new TestHost();
        _host.UseKestrel(0);
        _host.StartServer();
        _admin = _host.Client();
    }

    [OneTimeTearDown]
    public void OneTimeTearDown()
    {
        _admin?.Dispose();
        _host?.Dispose();
    }

    [TestCase(null)]
    [TestCase("2.44")]
    [TestCase("2.6")]
    public async Task ManilaCli_AccessAllowListDeny_WorkAgainstShareHost(string? version)
    {
        var shareId = await _admin.AvailableShareAsync();

        var allow = await RunAsync(version, "access-allow", shareId, "ip", "127.0.0.5");
        var accessId = (await _admin.RulesAsync(shareId)).Single()!["id"]!.GetValue<string>();
        await _admin.WaitForRuleAsync(accessId, "active");
        var list = await RunAsync(version, "access-list", shareId);
        var deny = await RunAsync(version, "access-deny", shareId, accessId);
        await _admin.WaitForRuleAsync(accessId, null);
        var after = await RunAsync(version, "access-list", shareId);

        Assert.Multiple(() =>
        {
            Assert.That(allow, Does.Contain(accessId).And.Contain("127.0.0.5"));
            Assert.That(list, Does.Contain(accessId).And.Contain("127.0.0.5").And.Contain("active"));
            Assert.That(deny.Trim(), Is.Empty.Or.Not.Contain("ERROR"));
            Assert.That(after, Does.Not.Contain(accessId));
        });
    }

    [Test]
    public async Task ManilaCli_AccessAllowReadOnlyUserOnCifs_ShowsTheLevel()
    {
        var shareId = await _admin.CreateShareAsync(protocol: "CIFS");
        await _admin.WaitForShareAsync(shareId, "available");

        var allow = await RunAsync(null, "access-allow", "--access-level", "ro", shareId, "user", "alice");
        await _admin.WaitForRulesAsync(shareId, "active", count: 1);
        var list = await RunAsync(null, "access-list", shareId);

        Assert.That(allow, Does.Contain("alice").And.Contain("ro"));
        Assert.That(list, Does.Contain("alice").And.Contain("ro").And.Contain("active"));
    }

    [Test]
    public async Task ManilaCli_AccessTypeTheProtocolRefuses_FailsWithTheFieldInTheMessage()
    {
        var shareId = await _admin.AvailableShareAsync();

        var (exitCode, output) = await RunRawAsync(null, "access-allow", shareId, "cert", "client1");

        Assert.That(exitCode, Is.Not.Zero, output);
        Assert.That(output, Does.Contain("access_type").And.Contain("NFS shares accept only 'ip'"));
        Assert.That(await _admin.RulesAsync(shareId), Is.Empty);
    }

    private async Task<string> RunAsync(string? version, params string[] arguments)
    {
        var (exitCode, output) = await RunRawAsync(version, arguments);
        Assert.That(exitCode, Is.Zero, $"manila {string.Join(' ', arguments)} failed:\n{output}");
        return output;
    }

    private async Task<(int ExitCode, string Output)> RunRawAsync(string? version, params string[] arguments)
    {
        var start = new ProcessStartInfo(Cli)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("--os-token");
        start.ArgumentList.Add(TestHost.AdminToken);
        start.ArgumentList.Add("--bypass-url");
        start.ArgumentList.Add(new Uri(_admin.Http.BaseAddress!, "v2").ToString());
        if (version is not null)
        {
            start.ArgumentList.Add("--os-share-api-version");
            start.ArgumentList.Add(version);
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var variable in new[] { "OS_TOKEN", "OS_MANILA_BYPASS_URL", "MANILACLIENT_BYPASS_URL", "OS_SHARE_API_VERSION", "OS_AUTH_URL" })
        {
            start.Environment.Remove(variable);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"manila {string.Join(' ', arguments)} did not finish within 90 s");
        }

        return (process.ExitCode, await stdout + await stderr);
    }
}
