namespace ShareHost.Drivers.Local.Catalog;

/// <summary>A share instance as the driver keeps it.</summary>
internal sealed class ShareRecord
{
    public required string Id { get; init; }

    /// <summary>The backend-safe name: subvolume, mount point, exports.d file and Samba section.</summary>
    public required string Name { get; init; }

    public required string Pool { get; init; }

    /// <summary><c>NFS</c> or <c>CIFS</c>.</summary>
    public required string Protocol { get; init; }

    public int SizeGb { get; set; }

    /// <summary>Ganesha's export id (NFS shares).</summary>
    public int ExportId { get; set; }

    /// <summary>The rules in effect (invalid ones are refused and never stored).</summary>
    public List<RuleRecord> Rules { get; set; } = [];

    /// <summary>False until every step of the create finished; a repeated create finishes it.</summary>
    public bool Ready { get; set; }

    /// <summary>
    /// A replica that is not active: its subvolume is a read-only copy of the last state received from the active
    /// replica, mounted and exported read-only. Promotion makes it writable and clears this.
    /// </summary>
    public bool ReadOnly { get; set; }
}

/// <summary>A snapshot instance as the driver keeps it.</summary>
internal sealed class SnapshotRecord
{
    public required string Id { get; init; }

    public required string Name { get; init; }

    /// <summary>The share instance it was taken of.</summary>
    public required string ShareId { get; init; }

    public required string Pool { get; init; }

    public required string Protocol { get; init; }

    public int SizeGb { get; init; }

    public int ExportId { get; set; }

    public List<RuleRecord> Rules { get; set; } = [];

    public bool Ready { get; set; }
}

internal sealed record RuleRecord(string Id, string Type, string To, string Level);

/// <summary>A local account made for CIFS <c>user</c> rules, with the password handed out as the rules' access key.</summary>
internal sealed record UserRecord(string Client, string Account, string Password);

internal sealed class CatalogData
{
    public int Version { get; init; } = 1;

    public Dictionary<string, ShareRecord> Shares { get; init; } = [];

    public Dictionary<string, SnapshotRecord> Snapshots { get; init; } = [];

    /// <summary>Keyed by the client's user name, lower case.</summary>
    public Dictionary<string, UserRecord> Users { get; init; } = [];

    /// <summary>The smallest Ganesha export id no share or snapshot uses (0 is the pseudo root; 1 is left alone).</summary>
    public int NextExportId()
    {
        var used = Shares.Values.Select(s => s.ExportId).Concat(Snapshots.Values.Select(s => s.ExportId)).ToHashSet();
        var id = 2;
        while (used.Contains(id))
        {
            id++;
        }

        return id <= ushort.MaxValue
            ? id
            : throw new ShareHost.Abstractions.ShareDriverException("no free Ganesha export id") { UserMessage = "The backend has no free export id left." };
    }
}
