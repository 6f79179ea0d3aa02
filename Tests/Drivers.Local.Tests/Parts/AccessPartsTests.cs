using ShareHost.Abstractions;
using ShareHost.Drivers.Local.Access;
using ShareHost.Drivers.Local.Cifs;

namespace ShareHost.Drivers.Local.Tests.Parts;

public sealed class AccessPartsTests
{
    [TestCase("127.0.0.1", "127.0.0.1")]
    [TestCase("127.0.0.9/30", "127.0.0.8/30")]
    [TestCase("10.1.2.3/32", "10.1.2.3")]
    [TestCase("0.0.0.0/0", "*")]
    [TestCase("fd00::1/64", "fd00::/64")]
    public void IpClient_Valid_RenderedCanonically(string text, string rendered)
    {
        Assert.That(IpClient.TryParse(text, out var client), Is.True);
        Assert.That(client!.Render(), Is.EqualTo(rendered));
    }

    [TestCase("127.0.0.300")]
    [TestCase("127.0.0.1/33")]
    [TestCase("127.0.0.1/-1")]
    [TestCase("host.example")]
    [TestCase("127.0.0.1; Access_Type = RW")]
    [TestCase("fe80::1%eth0")]
    public void IpClient_Invalid_Refused(string text) => Assert.That(IpClient.TryParse(text, out _), Is.False);

    [TestCase("ip", "127.0.0.1", "rw", "NFS", null)]
    [TestCase("user", "alice", "rw", "NFS", "'ip' rules")]
    [TestCase("ip", "127.0.0.1", "rw", "CIFS", "'user' rules")]
    [TestCase("user", "alice.smith-2", "ro", "CIFS", null)]
    [TestCase("user", "DOMAIN\\alice", "ro", "CIFS", "not supported")]
    [TestCase("user", "-leading", "ro", "CIFS", "not supported")]
    [TestCase("user", "averyveryverylongusernamethatdoesnotfit", "ro", "CIFS", "at most")]
    [TestCase("cert", "cn", "rw", "NFS", "'ip' rules")]
    [TestCase("ip", "127.0.0.1", "admin", "NFS", "Access level")]
    public void RuleCheck_Rule_ProblemOrNone(string type, string to, string level, string protocol, string? problem)
    {
        var rule = new DriverAccessRule { Id = "r", AccessType = type, AccessTo = to, AccessLevel = level };

        var found = RuleCheck.Problem(rule, protocol, "sh-");

        Assert.That(found, problem is null ? Is.Null : Does.Contain(problem));
    }

    [Test]
    public void SambaShares_NoRules_ShareNotAvailable()
    {
        var text = SambaConfig.Shares([new SambaShare("share-1", "/m/share-1", false, [], [])]);

        Assert.That(text, Does.Contain("[share-1]").And.Contain("available = no").And.Not.Contain("valid users"));
    }

    [Test]
    public void SambaShares_Rules_ValidUsersAndWriteList()
    {
        var text = SambaConfig.Shares([new SambaShare("share-1", "/m/share-1", false, ["sh-bob"], ["sh-alice"])]);

        Assert.That(text, Does.Contain("valid users = \"sh-alice\" \"sh-bob\""));
        Assert.That(text, Does.Contain("write list = \"sh-alice\""));
        Assert.That(text, Does.Contain("read only = yes"));
    }

    [Test]
    public void SambaShares_Snapshot_NoWriteList()
    {
        var text = SambaConfig.Shares([new SambaShare("snapshot-1", "/m/snapshot-1", true, [], ["sh-alice"])]);

        Assert.That(text, Does.Contain("valid users = \"sh-alice\"").And.Not.Contain("write list"));
    }

    [TestCase("/m/100%")]
    [TestCase("/m/line\nbreak")]
    [TestCase(" /m/space")]
    public void SambaShares_UnsafePath_Refused(string path) =>
        Assert.Throws<ShareDriverException>(() => SambaConfig.Shares([new SambaShare("share-1", path, false, [], [])]));

    [Test]
    public void UserMap_Users_AccountEqualsClientName()
    {
        Assert.That(SambaConfig.UserMap([("sh-alice", "alice")]), Does.Contain("sh-alice = alice\n"));
    }
}
