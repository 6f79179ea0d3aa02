using ShareHost.Abstractions;

namespace ShareHost.Drivers.Local.Tests.Parts;

/// <summary>
/// Start-up refusals this machine cannot show for real (the tests run as root with every package installed): the
/// check is asked about a machine without root or without a program. Its message is the backend's down reason
/// (LocalBackendLifecycleTests shows a refusal reaching the API as the service's state_reason).
/// </summary>
public sealed class PrerequisitesTests
{
    [Test]
    public void Check_NotRoot_RefusedSayingRootIsNeeded()
    {
        var machine = Machine(isRoot: false);

        var error = Assert.Throws<ShareDriverException>(() => Prerequisites.Check(btrfs: true, nfs: true, cifs: true, machine));

        Assert.That(error!.Message, Does.Contain("must run as root"));
    }

    [TestCase("ganesha.nfsd", "ganesha.nfsd (package nfs-ganesha)")]
    [TestCase("btrfs", "btrfs (package btrfs-progs)")]
    [TestCase("dbus-daemon", "dbus-daemon (package dbus)")]
    [TestCase("smbd", "smbd (package samba)")]
    public void Check_ProgramMissing_RefusedNamingItAndItsPackage(string program, string expected)
    {
        var machine = Machine(missing: program);

        var error = Assert.Throws<ShareDriverException>(() => Prerequisites.Check(btrfs: true, nfs: true, cifs: true, machine));

        Assert.That(error!.Message, Does.StartWith("missing prerequisites: ").And.Contain(expected));
    }

    [Test]
    public void Check_GaneshaWithoutVfsBackend_RefusedNamingThePackage()
    {
        var machine = Machine(vfs: false);

        var error = Assert.Throws<ShareDriverException>(() => Prerequisites.Check(btrfs: true, nfs: true, cifs: false, machine));

        Assert.That(error!.Message, Does.Contain("libfsalvfs.so (package nfs-ganesha-vfs)"));
    }

    [Test]
    public void Check_ProtocolOrPoolKindNotServed_ItsProgramsNotNeeded()
    {
        var machine = Machine(missing: "ganesha.nfsd", alsoMissing: ["btrfs", "smbd"], vfs: false);

        Assert.DoesNotThrow(() => Prerequisites.Check(btrfs: false, nfs: false, cifs: false, machine));
    }

    private static Prerequisites.Machine Machine(bool isRoot = true, string? missing = null, string[]? alsoMissing = null, bool vfs = true)
    {
        var gone = new HashSet<string>(alsoMissing ?? []);
        if (missing is not null)
        {
            gone.Add(missing);
        }

        return new Prerequisites.Machine(isRoot, name => gone.Contains(name) ? null : "/usr/bin/" + name, () => vfs);
    }
}
