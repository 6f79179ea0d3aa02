using ShareHost.Drivers.Local.Access;

namespace ShareHost.Drivers.Local.Nfs;

/// <summary>One Ganesha export: a mounted share or snapshot, its pseudo path and who may reach it.</summary>
/// <param name="Name">The file name in exports.d (the share or snapshot name).</param>
/// <param name="ExportId">Ganesha's export id, unique in the backend.</param>
/// <param name="Path">The mount point exported.</param>
/// <param name="Pseudo">The NFSv4 path clients mount.</param>
/// <param name="ReadOnly">Snapshots: every client is read-only whatever its rule.</param>
internal sealed record NfsExport(string Name, int ExportId, string Path, string Pseudo, bool ReadOnly, IReadOnlyList<NfsClientRule> Clients);

internal sealed record NfsClientRule(IpClient Client, bool ReadOnly);
