using ShareHost.Abstractions;
using ShareHost.Drivers.Local.Tests.Lab;
using static ShareHost.Drivers.Local.Tests.Lab.DriverHarness;

namespace ShareHost.Drivers.Local.Tests.Driver;

/// <summary>CIFS shares through Samba: user rules become local accounts whose generated password is the access key.</summary>
public sealed class CifsShareTests
{
    private DriverHarness _lab = null!;

    [OneTimeSetUp]
    public async Task StartAsync() => _lab = await DriverHarness.StartAsync();

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        if (_lab is not null)
        {
            await _lab.DisposeAsync();
        }
    }

    [Test]
    public async Task UpdateAccess_UserRules_RwUserWritesRoUserReadsOthersRefused()
    {
        var share = Share(protocol: "CIFS");
        var name = (await _lab.Driver.CreateShareAsync(share, CancellationToken.None)).ExportLocations.Single().Path;
        var alice = Rule("user", "alice");
        var bob = Rule("user", "bob", "ro");

        var results = await _lab.AllowAsync(share, alice, bob);

        var aliceKey = results.Single(r => r.RuleId == alice.Id).AccessKey!;
        var bobKey = results.Single(r => r.RuleId == bob.Id).AccessKey!;
        Assert.That(name, Is.EqualTo(share.Name));
        Assert.That(aliceKey, Has.Length.GreaterThanOrEqualTo(20));
        var local = await Clients.LocalFileAsync("written by alice over SMB");
        var put = await Clients.SmbAsync(First, _lab.CifsPort, name, "alice", aliceKey, $"put {local} a.txt");
        Assert.That(Clients.SmbFailed(put), Is.False, put.All);
        var got = Path.Combine(LocalLab.Root, "got-" + Guid.NewGuid().ToString("N"));
        var read = await Clients.SmbAsync(Second, _lab.CifsPort, name, "bob", bobKey, $"get a.txt {got}");
        Assert.That(Clients.SmbFailed(read), Is.False, read.All);
        Assert.That(File.ReadAllText(got), Is.EqualTo("written by alice over SMB"));
        var bobWrite = await Clients.SmbAsync(First, _lab.CifsPort, name, "bob", bobKey, $"put {local} b.txt");
        Assert.That(Clients.SmbFailed(bobWrite), Is.True, "a ro user must not write: " + bobWrite.All);
        var wrongPassword = await Clients.SmbAsync(First, _lab.CifsPort, name, "alice", bobKey, "ls");
        Assert.That(Clients.SmbFailed(wrongPassword), Is.True, wrongPassword.All);
    }

    [Test]
    public async Task UpdateAccess_UserWithoutRule_Refused()
    {
        var share = Share(protocol: "CIFS");
        var other = Share(protocol: "CIFS");
        await _lab.Driver.CreateShareAsync(share, CancellationToken.None);
        await _lab.Driver.CreateShareAsync(other, CancellationToken.None);
        await _lab.AllowAsync(share, Rule("user", "carol"));
        var daveKey = (await _lab.AllowAsync(other, Rule("user", "dave"))).Single().AccessKey!;

        // dave is a real account with a valid password, but has no rule on this share.
        var result = await Clients.SmbAsync(First, _lab.CifsPort, share.Name, "dave", daveKey, "ls");

        Assert.That(Clients.SmbFailed(result), Is.True, result.All);
        Assert.That(result.All, Does.Contain("NT_STATUS_ACCESS_DENIED"));
    }

    [Test]
    public async Task UpdateAccess_LastRuleOfUserRemoved_AccountAndAccessGone()
    {
        var share = Share(protocol: "CIFS");
        await _lab.Driver.CreateShareAsync(share, CancellationToken.None);
        var erin = Rule("user", "erin");
        var key = (await _lab.AllowAsync(share, erin)).Single().AccessKey!;
        Assert.That(Clients.SmbFailed(await Clients.SmbAsync(First, _lab.CifsPort, share.Name, "erin", key, "ls")), Is.False);

        await _lab.Driver.UpdateAccessAsync(new AccessUpdate { Share = share, Rules = [], DeleteRules = [erin] }, CancellationToken.None);

        var after = await Clients.SmbAsync(First, _lab.CifsPort, share.Name, "erin", key, "ls");
        var account = await Run.ProgramAsync("getent", ["passwd", LocalLab.UserPrefix + "erin"]);
        Assert.That(Clients.SmbFailed(after), Is.True, after.All);
        Assert.That(account.Succeeded, Is.False, "the account should be removed with the user's last rule");
    }

    [Test]
    public async Task UpdateAccess_SameUserOnTwoShares_OneAccountOneKeyKeptWhileAnyRuleNamesIt()
    {
        var first = Share(protocol: "CIFS");
        var second = Share(protocol: "CIFS");
        await _lab.Driver.CreateShareAsync(first, CancellationToken.None);
        await _lab.Driver.CreateShareAsync(second, CancellationToken.None);
        var onFirst = Rule("user", "Frank");
        var keyFirst = (await _lab.AllowAsync(first, onFirst)).Single().AccessKey;
        var keySecond = (await _lab.AllowAsync(second, Rule("user", "frank", "ro"))).Single().AccessKey!;

        await _lab.Driver.UpdateAccessAsync(new AccessUpdate { Share = first, Rules = [], DeleteRules = [onFirst] }, CancellationToken.None);

        Assert.That(keySecond, Is.EqualTo(keyFirst));
        var stillThere = await Clients.SmbAsync(First, _lab.CifsPort, second.Name, "frank", keySecond, "ls");
        Assert.That(Clients.SmbFailed(stillThere), Is.False, stillThere.All);
        Assert.That(Clients.SmbFailed(await Clients.SmbAsync(First, _lab.CifsPort, first.Name, "frank", keySecond, "ls")), Is.True);
    }

    [Test]
    public async Task UpdateAccess_IpRuleOnCifsShare_ErrorWithReason()
    {
        var share = Share(protocol: "CIFS");
        await _lab.Driver.CreateShareAsync(share, CancellationToken.None);
        var ip = Rule("ip", "127.0.0.1");
        var badName = Rule("user", "no spaces please");

        var results = await _lab.AllowAsync(share, ip, badName);

        Assert.That(results.Single(r => r.RuleId == ip.Id).Outcome, Is.EqualTo(AccessRuleOutcome.Error));
        Assert.That(results.Single(r => r.RuleId == ip.Id).Message, Does.Contain("'user' rules"));
        Assert.That(results.Single(r => r.RuleId == badName.Id).Outcome, Is.EqualTo(AccessRuleOutcome.Error));
    }

    [Test]
    public async Task UpdateAccess_AccountNameTakenByAnotherUser_RuleRefused()
    {
        var share = Share(protocol: "CIFS");
        await _lab.Driver.CreateShareAsync(share, CancellationToken.None);
        var foreign = LocalLab.UserPrefix + "grace";
        await Run.CheckedAsync("useradd", "-M", "-s", "/usr/sbin/nologin", foreign);
        try
        {
            var result = (await _lab.AllowAsync(share, Rule("user", "grace"))).Single();

            Assert.That(result.Outcome, Is.EqualTo(AccessRuleOutcome.Error));
            Assert.That(result.Message, Does.Contain("not managed by this backend"));
        }
        finally
        {
            await Run.ProgramAsync("userdel", [foreign]);
        }
    }
}
