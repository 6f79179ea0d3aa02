using ShareHost.Api.Versioning;
using ShareHost.Features.AccessRules;

namespace ShareHost.Tests.Features.AccessRules;

/// <summary>Manila's access-rule validation, one rule at a time, without a host.</summary>
public sealed class AccessRuleValidationTests
{
    private static readonly ApiVersion Newest = VersionHistory.Max;

    [TestCase("10.0.0.1")]
    [TestCase("10.1.0.0/24")]
    [TestCase("0.0.0.0/0")]
    [TestCase("255.255.255.255/32")]
    [TestCase("192.168.1.128/25")]
    public void Check_ValidIPv4_Accepted(string target)
    {
        var problem = AccessRuleValidation.Check(new AccessRuleInput("ip", target, null), Newest, "NFS");

        Assert.That(problem, Is.Null);
    }

    [TestCase("10.0.0.256")]
    [TestCase("10.0.0")]
    [TestCase("10.0.0.1.5")]
    [TestCase("010.0.0.1")]
    [TestCase("10.0.0.1/33")]
    [TestCase("10.0.0.1/")]
    [TestCase("10.0.0.0/-1")]
    [TestCase("10.0.0.0/2a")]
    [TestCase("10.1.0.1/24")]
    [TestCase(" 10.0.0.1")]
    [TestCase("10.0.0.1 ")]
    [TestCase("host.example.com")]
    [TestCase("10.0.0.1/24/8")]
    public void Check_MalformedIPv4_NamesAccessTo(string target)
    {
        var problem = AccessRuleValidation.Check(new AccessRuleInput("ip", target, null), Newest, "NFS");

        Assert.That(problem?.Field, Is.EqualTo("access_to"), problem?.Message);
        Assert.That(problem!.Message, Does.Contain(target.Trim()));
    }

    [TestCase("fd00::1")]
    [TestCase("fd00::/64")]
    [TestCase("::/0")]
    [TestCase("2001:db8::ff00:42:8329")]
    public void Check_IPv6At2_38_Accepted(string target)
    {
        var problem = AccessRuleValidation.Check(new AccessRuleInput("ip", target, null), ApiVersion.Parse("2.38"), "NFS");

        Assert.That(problem, Is.Null);
    }

    [Test]
    public void Check_IPv6Before2_38_RefusedNamingTheVersion()
    {
        var problem = AccessRuleValidation.Check(new AccessRuleInput("ip", "fd00::1", null), ApiVersion.Parse("2.37"), "NFS");

        Assert.That(problem?.Field, Is.EqualTo("access_to"));
        Assert.That(problem!.Message, Does.Contain("2.38"));
    }

    [TestCase("fd00:::1")]
    [TestCase("fd00::1/129")]
    [TestCase("fd00::1/64")]
    [TestCase("fe80::1%eth0")]
    [TestCase("[fd00::1]")]
    public void Check_MalformedIPv6_NamesAccessTo(string target)
    {
        var problem = AccessRuleValidation.Check(new AccessRuleInput("ip", target, null), Newest, "NFS");

        Assert.That(problem?.Field, Is.EqualTo("access_to"), problem?.Message);
    }

    [TestCase("alice")]
    [TestCase("al.ice_01")]
    [TestCase("a b c d")]
    [TestCase("/abc")]
    public void Check_ValidUser_Accepted(string target)
    {
        var problem = AccessRuleValidation.Check(new AccessRuleInput("user", target, "ro"), Newest, "CIFS");

        Assert.That(problem, Is.Null);
    }

    [TestCase("abc")]
    [TestCase("a/bcd")]
    [TestCase("ab:cd")]
    [TestCase("ab\"cd")]
    [TestCase("ab*cd")]
    [TestCase("ab<cd")]
    [TestCase("DOMAIN\\alice")]
    [TestCase("....")]
    [TestCase("    ")]
    [TestCase("ab\ncd")]
    public void Check_UserManilaRefuses_NamesAccessTo(string target)
    {
        var problem = AccessRuleValidation.Check(new AccessRuleInput("user", target, null), Newest, "CIFS");

        Assert.That(problem?.Field, Is.EqualTo("access_to"), problem?.Message);
    }

    [Test]
    public void Check_UserOf256Characters_Refused()
    {
        var problem = AccessRuleValidation.Check(new AccessRuleInput("user", new string('u', 256), null), Newest, "CIFS");

        Assert.That(problem?.Field, Is.EqualTo("access_to"));
        Assert.That(problem!.Message, Does.Contain("4 to 255"));
    }

    [Test]
    public void Check_UserOf255Characters_Accepted()
    {
        var problem = AccessRuleValidation.Check(new AccessRuleInput("user", new string('u', 255), null), Newest, "CIFS");

        Assert.That(problem, Is.Null);
    }

    [TestCase("client-cert", true)]
    [TestCase(" x ", true)]
    [TestCase("   ", false)]
    public void Check_CertCommonName_OneTo64AfterTrim(string target, bool valid)
    {
        var problem = AccessRuleValidation.Check(new AccessRuleInput("cert", target, null), Newest);

        Assert.That(problem is null, Is.EqualTo(valid), problem?.Message);
    }

    [Test]
    public void Check_CertOf65Characters_Refused()
    {
        var problem = AccessRuleValidation.Check(new AccessRuleInput("cert", new string('c', 65), null), Newest);

        Assert.That(problem?.Field, Is.EqualTo("access_to"));
    }

    [TestCase("alice", true)]
    [TestCase("client.alice", false)]
    [TestCase("ali\u00e9e", false)]
    [TestCase("ali\tce", false)]
    public void Check_Cephx_PrintableAsciiWithoutDots(string target, bool valid)
    {
        var problem = AccessRuleValidation.Check(new AccessRuleInput("cephx", target, null), Newest, "CEPHFS");

        Assert.That(problem is null, Is.EqualTo(valid), problem?.Message);
    }

    [Test]
    public void Check_CephxBefore2_13_RefusedAsAccessType()
    {
        var problem = AccessRuleValidation.Check(new AccessRuleInput("cephx", "alice", null), ApiVersion.Parse("2.12"), "CEPHFS");

        Assert.That(problem?.Field, Is.EqualTo("access_type"));
        Assert.That(problem!.Message, Does.Contain("2.13"));
    }

    [TestCase(null, "access_type")]
    [TestCase("", "access_type")]
    [TestCase("IP", "access_type")]
    [TestCase("domain", "access_type")]
    public void Check_MissingOrUnknownType_NamesAccessType(string? type, string field)
    {
        var problem = AccessRuleValidation.Check(new AccessRuleInput(type, "10.0.0.1", null), Newest, "NFS");

        Assert.That(problem?.Field, Is.EqualTo(field));
    }

    [Test]
    public void Check_UnknownType_SaysWhichTypesAreSupported()
    {
        var problem = AccessRuleValidation.Check(new AccessRuleInput("domain", "x", null), Newest);

        Assert.That(problem!.Message, Does.Contain("only 'ip', 'user', 'cert' or 'cephx' access types are supported"));
    }

    [Test]
    public void Check_MissingTarget_NamesAccessTo()
    {
        var problem = AccessRuleValidation.Check(new AccessRuleInput("ip", null, null), Newest, "NFS");

        Assert.That(problem, Is.EqualTo(new AccessRuleProblem("access_to", "is required.")));
    }

    [TestCase("rx")]
    [TestCase("RW")]
    [TestCase("")]
    public void Check_BadLevel_NamesAccessLevel(string level)
    {
        var problem = AccessRuleValidation.Check(new AccessRuleInput("ip", "10.0.0.1", level), Newest, "NFS");

        Assert.That(problem?.Field, Is.EqualTo("access_level"));
        Assert.That(problem!.Message, Does.Contain($"Invalid share access level: {level}."));
    }

    [TestCase("NFS", "user", "alice")]
    [TestCase("NFS", "cephx", "alice")]
    [TestCase("CIFS", "ip", "10.0.0.1")]
    [TestCase("CEPHFS", "ip", "10.0.0.1")]
    [TestCase("nfs", "cert", "cn")]
    public void Check_TypeTheProtocolDoesNotTake_NamesAccessType(string protocol, string type, string target)
    {
        var problem = AccessRuleValidation.Check(new AccessRuleInput(type, target, null), Newest, protocol);

        Assert.That(problem?.Field, Is.EqualTo("access_type"));
        Assert.That(problem!.Message, Does.Contain(protocol.ToUpperInvariant()));
    }

    [TestCase(null, "rw")]
    [TestCase("", "rw")]
    [TestCase("ro", "ro")]
    public void Level_AbsentMeansRw(string? given, string stored)
    {
        Assert.That(AccessRuleValidation.Level(given), Is.EqualTo(stored));
    }
}
