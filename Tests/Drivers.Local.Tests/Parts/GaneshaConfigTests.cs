using ShareHost.Abstractions;
using ShareHost.Drivers.Local.Access;
using ShareHost.Drivers.Local.Nfs;

namespace ShareHost.Drivers.Local.Tests.Parts;

public sealed class GaneshaConfigTests
{
    [Test]
    public void Export_OverlappingRules_HostsBeforeNetworksStringsQuotedAttributeCacheOff()
    {
        var export = new NfsExport("share-1", 7, "/srv/mnt/share-1", "/shares/share-1", ReadOnly: false,
        [
            new NfsClientRule(Client("127.0.0.0/24"), ReadOnly: false),
            new NfsClientRule(Client("127.0.0.5"), ReadOnly: true),
        ]);

        var text = GaneshaConfig.Export(export);

        Assert.That(text, Does.Contain("Export_Id = 7;"));
        Assert.That(text, Does.Contain("Path = \"/srv/mnt/share-1\";"));
        Assert.That(text, Does.Contain("Pseudo = \"/shares/share-1\";"));
        Assert.That(text, Does.Contain("Attr_Expiration_Time = 0;"));
        Assert.That(text.IndexOf("Clients = 127.0.0.5;", StringComparison.Ordinal), Is.LessThan(text.IndexOf("Clients = 127.0.0.0/24;", StringComparison.Ordinal)));
        Assert.That(text, Does.Contain("Clients = 127.0.0.5;\n        Access_Type = RO;"));
        Assert.That(text, Does.Contain("Clients = 127.0.0.0/24;\n        Access_Type = RW;"));
    }

    [Test]
    public void Export_Snapshot_EveryClientReadOnly()
    {
        var export = new NfsExport("snapshot-1", 8, "/m/s", "/snapshots/snapshot-1", ReadOnly: true, [new NfsClientRule(Client("127.0.0.1"), ReadOnly: false)]);

        Assert.That(GaneshaConfig.Export(export), Does.Contain("Access_Type = RO;").And.Not.Contain("Access_Type = RW;"));
    }

    [TestCase("/path/with\"quote")]
    [TestCase("/path/with{brace")]
    [TestCase("/path/with\nnewline")]
    [TestCase("/path/with;semicolon")]
    public void Quote_UnsafeValue_Refused(string value) =>
        Assert.Throws<ShareDriverException>(() => GaneshaConfig.Quote(value));

    [TestCase("EXPORT { Path = \"/x; }")]
    [TestCase("EXPORT { CLIENT { } ")]
    [TestCase("EXPORT { } }")]
    public void Checked_Unbalanced_Refused(string text) =>
        Assert.Throws<ShareDriverException>(() => GaneshaConfig.Checked(text));

    [Test]
    public void Main_Instance_NfsV4OnlyPrivateRecoveryAndExportsFolder()
    {
        var text = GaneshaConfig.Main("127.0.0.2", 12049, "/state/nfs/127.0.0.2/recovery", "/state/nfs/exports.d");

        Assert.That(text, Does.Contain("Protocols = 4;").And.Contain("NFS_Port = 12049;").And.Contain("Bind_addr = 127.0.0.2;"));
        Assert.That(text, Does.Contain("RecoveryRoot = \"/state/nfs/127.0.0.2/recovery\";"));
        Assert.That(text, Does.Contain("%dir \"/state/nfs/exports.d\""));
        Assert.That(text, Does.Contain("Enable_UDP = false;").And.Contain("Graceless = true;"));
    }

    private static IpClient Client(string text)
    {
        Assert.That(IpClient.TryParse(text, out var client), Is.True);
        return client!;
    }
}
