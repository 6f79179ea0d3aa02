using System.Text.Json;
using ShareHost.Abstractions;

namespace ShareHost.Drivers.Local.Catalog;

/// <summary>
/// What the driver has made: shares, snapshots, their rules and export ids, and CIFS accounts. One JSON file in
/// the backend's state directory (readable by root only: it holds the CIFS passwords), replaced atomically on
/// every change. Exports and the Samba include file are generated from it.
/// </summary>
internal sealed class LocalCatalog
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };
    private readonly string _file;
    private readonly Lock _lock = new();
    private readonly CatalogData _data;

    public LocalCatalog(string file)
    {
        _file = file;
        try
        {
            _data = File.Exists(file) ? JsonSerializer.Deserialize<CatalogData>(File.ReadAllText(file), Json) ?? new CatalogData() : new CatalogData();
        }
        catch (JsonException e)
        {
            throw new ShareDriverException($"The Local driver's catalog {file} is damaged: {e.Message}", e)
            {
                UserMessage = "The backend's catalog is damaged.",
            };
        }
    }

    public IReadOnlyList<ShareRecord> Shares
    {
        get
        {
            lock (_lock)
            {
                return _data.Shares.Values.ToList();
            }
        }
    }

    public IReadOnlyList<SnapshotRecord> Snapshots
    {
        get
        {
            lock (_lock)
            {
                return _data.Snapshots.Values.ToList();
            }
        }
    }

    public IReadOnlyList<UserRecord> Users
    {
        get
        {
            lock (_lock)
            {
                return _data.Users.Values.ToList();
            }
        }
    }

    public ShareRecord? Share(string id)
    {
        lock (_lock)
        {
            return _data.Shares.GetValueOrDefault(id);
        }
    }

    public SnapshotRecord? Snapshot(string id)
    {
        lock (_lock)
        {
            return _data.Snapshots.GetValueOrDefault(id);
        }
    }

    public UserRecord? User(string client)
    {
        lock (_lock)
        {
            return _data.Users.GetValueOrDefault(client.ToLowerInvariant());
        }
    }

    /// <summary>Applies <paramref name="change"/> and writes the file before returning.</summary>
    public void Update(Action<CatalogData> change)
    {
        lock (_lock)
        {
            change(_data);
            Save();
        }
    }

    private void Save()
    {
        var staged = _file + ".tmp";
        using (var stream = new FileStream(staged, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            File.SetUnixFileMode(staged, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            JsonSerializer.Serialize(stream, _data, Json);
            stream.Flush(flushToDisk: true);
        }

        File.Move(staged, _file, overwrite: true);
    }
}
