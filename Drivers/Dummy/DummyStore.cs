using System.Text.Json;

namespace ShareHost.Drivers.Dummy;

/// <summary>
/// The Dummy backend's shares, in memory. With a state file, every change is also appended to a journal (one JSON
/// line per change, compacted on load), so a lab keeps its shares across restarts at the cost of one small write.
/// </summary>
internal sealed class DummyStore : IDisposable
{
    private readonly Dictionary<string, DummyShare> _shares = [];
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
            foreach (var line in File.ReadLines(filePath).Where(l => l.Length > 0))
            {
                var entry = JsonSerializer.Deserialize<JournalEntry>(line);
                if (entry?.Share is { } share)
                {
                    _shares[share.Id] = share;
                }
                else if (entry?.Deleted is { } id)
                {
                    _shares.Remove(id);
                }
            }
        }

        var compacted = filePath + ".tmp";
        File.WriteAllLines(compacted, _shares.Values.Select(s => JsonSerializer.Serialize(new JournalEntry(s, null))));
        File.Move(compacted, filePath, overwrite: true);
        _journal = new StreamWriter(new FileStream(filePath, FileMode.Append, FileAccess.Write, FileShare.Read)) { AutoFlush = true };
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

    public void Dispose()
    {
        lock (_lock)
        {
            _journal?.Dispose();
        }
    }

    private sealed record JournalEntry(DummyShare? Share, string? Deleted);
}

internal sealed record DummyShare(string Id, string ShareId, string Pool, int SizeGb, string Protocol, string Path);
