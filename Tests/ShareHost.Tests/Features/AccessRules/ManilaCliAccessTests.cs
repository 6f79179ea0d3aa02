using ShareHost.Tests.Features.Shares;
using ShareHost.Tests.Infrastructure;

namespace ShareHost.Tests.Features.AccessRules;

/// <summary>
/// The stock <c>manila</c> CLI (python-manilaclient) against the host on real Kestrel: access-allow, access-list and
/// access-deny, at the client's default microversion and at the older ones that use the legacy actions.
/// </summary>
// Alone, like the other manila CLI fixtures: each CLI call is a CPU-heavy Python start-up.
[NonParallelizable]
public sealed class ManilaCliAccessTests
{
    private TestHost _host = null!;
    private ApiClient _admin = null!;
    private ManilaCli _manila = null!;

    [OneTimeSetUp]
    public void OneTimeSetUp()
    {
        ManilaCli.Require();
        _host = new TestHost();
        _host.UseKestrel(0);
        _host.StartServer();
        _admin = _host.Client();
        _manila = new ManilaCli(_admin.Http.BaseAddress!, TestHost.AdminToken);
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

        var result = await _manila.RunAsync("access-allow", shareId, "cert", "client1");

        Assert.That(result.ExitCode, Is.Not.Zero, result.Output);
        Assert.That(result.Output + result.Error, Does.Contain("access_type").And.Contain("NFS shares accept only 'ip'"));
        Assert.That(await _admin.RulesAsync(shareId), Is.Empty);
    }

    private Task<string> RunAsync(string? version, params string[] arguments) =>
        _manila.OkAsync(version is null ? arguments : ["--os-share-api-version", version, .. arguments]);
}
