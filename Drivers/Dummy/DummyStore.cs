using System.Text.Json;
using ShareHost.Abstractions;

namespace ShareHost.Drivers.Dummy;

/// <summary>
/// The Dummy backend's shares and snapshots, in memory. With a state file, every change is also appended to a journal
/// (one JSON line per change, compacted on load), so a lab keeps them across restarts at the cost of one small write.
/// </summary>
internal sealed class DummyStore : IDisposable
{
    private readonly Dictionary<string, DummyShare> _shares = [];
    private readonly Dictionary<string, DummySnapshot> _snapshots = [];
    private readonly Lock _lock = new();
    private readonly StreamWriter? _journal;

    public DummyStore(string? filePath)
    {
        if (filePath is null)
        {
            return;
        }

        if (File.Exists(filePath))
        {
            Replay(File.ReadAllLines(filePath));
        }

        var compacted = filePath + ".tmp";
        File.WriteAllLines(compacted, _shares.Values.Select(s => JsonSerializer.Serialize(new JournalEntry(s, null)))
            .Concat(_snapshots.Values.Select(s => JsonSerializer.Serialize(new JournalEntry(null, null, s)))));
        File.Move(compacted, filePath, overwrite: true);
        _journal = new StreamWriter(new FileStream(filePath, FileMode.Append, FileAccess.Write, FileShare.Read)) { AutoFlush = true };
    }

    /// <summary>
    /// Applies the journal. A last line that does not parse is an append the process did not finish (it was killed
    /// mid-write) and is dropped; an unreadable line before the end means the file is damaged, and the backend
    /// refuses to start rather than forget shares silently.
    /// </summary>
    private void Replay(string[] lines)
    {
        var last = Array.FindLastIndex(lines, l => l.Length > 0);
        for (var i = 0; i <= last; i++)
        {
            if (lines[i].Length == 0)
            {
                continue;
            }

            JournalEntry? entry;
            try
            {
                entry = JsonSerializer.Deserialize<JournalEntry>(lines[i]);
            }
            catch (JsonException) when (i == last)
            {
                break;
            }
            catch (JsonException e)
            {
                throw new ShareDriverException($"The Dummy state file is damaged at line {i + 1}: {e.Message}", e);
            }

            if (entry?.Share is { } share)
            {
                _shares[share.Id] = share;
            }
            else if (entry?.Deleted is { } id)
            {
                _shares.Remove(id);
            }
            else if (entry?.Snapshot is { } snapshot)
            {
                _snapshots[snapshot.Id] = snapshot;
            }
            else if (entry?.DeletedSnapshot is { } snapshotId)
            {
                _snapshots.Remove(snapshotId);
            }
        }
    }

    public DummyShare? Find(string id)
    {
        lock (_lock)
        {
            return _shares.GetValueOrDefault(id);
        }
    }

    public IReadOnlyList<DummyShare> All()
    {
        lock (_lock)
        {
            return _shares.Values.ToList();
        }
    }

    public void Put(DummyShare share)
    {
        lock (_lock)
        {
            _shares[share.Id] = share;
            _journal?.WriteLine(JsonSerializer.Serialize(new JournalEntry(share, null)));
        }
    }

    public bool Remove(string id)
    {
        lock (_lock)
        {
            var removed = _shares.Remove(id);
            if (removed)
            {
                _journal?.WriteLine(JsonSerializer.Serialize(new JournalEntry(null, id)));
            }

            return removed;
        }
    }

    public DummySnapshot? FindSnapshot(string id)
    {
        lock (_lock)
        {
            return _snapshots.GetValueOrDefault(id);
        }
    }

    public IReadOnlyList<DummySnapshot> AllSnapshots()
    {
        lock (_lock)
        {
            return _snapshots.Values.ToList();
        }
    }

    public void PutSnapshot(DummySnapshot snapshot)
    {
        lock (_lock)
        {
            _snapshots[snapshot.Id] = snapshot;
            _journal?.WriteLine(JsonSerializer.Serialize(new JournalEntry(null, null, snapshot)));
        }
    }

    public bool RemoveSnapshot(string id)
    {
        lock (_lock)
        {
            var removed = _snapshots.Remove(id);
            if (removed)
            {
                _journal?.WriteLine(JsonSerializer.Serialize(new JournalEntry(null, null, null, id)));
            }

            return removed;
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _journal?.Dispose();
        }
    }

    private sealed record JournalEntry(DummyShare? Share, string? Deleted, DummySnapshot? Snapshot = null, string? DeletedSnapshot = null);
}

/// <summary>A share instance; <paramref name="ContentVersion"/> stands for its data (tests bump it to "write").</summary>
internal sealed record DummyShare(string Id, string ShareId, string Pool, int SizeGb, string Protocol, string Path, long ContentVersion = 0);

/// <summary>A snapshot instance: the content version of its share when taken, its read-only export path and rules.</summary>
internal sealed record DummySnapshot(
    string Id,
    string SnapshotId,
    string ShareInstanceId,
    string Pool,
    int SizeGb,
    string Protocol,
    long ContentVersion,
    string Path,
    string[] AccessRules);
