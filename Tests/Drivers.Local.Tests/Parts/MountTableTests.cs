using ShareHost.Drivers.Local.Storage;

namespace ShareHost.Drivers.Local.Tests.Parts;

public sealed class MountTableTests
{
    private static readonly string[] Lines =
    [
        "27 1 253:0 / / rw,relatime shared:1 - ext4 /dev/vda rw",
        "43 27 0:39 / /srv/pool\\040a rw,relatime shared:20 - btrfs /dev/loop0 rw,space_cache=v2,subvolid=5,subvol=/",
        "44 27 0:41 /shares/share-1 /srv/mnt/share-1 rw,relatime - btrfs /dev/loop0 rw,space_cache=v2,subvolid=256,subvol=/shares/share-1",
        "45 27 0:42 /snapshots/snap-1 /srv/mnt/snap-1 ro,relatime - btrfs /dev/loop0 rw,space_cache=v2,subvolid=258,subvol=/snapshots/snap-1",
    ];

    [Test]
    public void Parse_Mountinfo_FieldsAndEscapes()
    {
        var entries = MountTable.Parse(Lines);

        Assert.That(entries, Has.Count.EqualTo(4));
        Assert.That(entries[1].MountPoint, Is.EqualTo("/srv/pool a"));
        Assert.That(entries[1].FileSystem, Is.EqualTo("btrfs"));
        Assert.That(entries[1].Source, Is.EqualTo("/dev/loop0"));
        Assert.That(entries[2].Root, Is.EqualTo("/shares/share-1"));
        Assert.That(entries[2].SubvolumeId, Is.EqualTo(256));
        Assert.That(entries[2].ReadOnly, Is.False);
        Assert.That(entries[3].ReadOnly, Is.True);
    }
}
