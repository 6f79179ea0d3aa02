using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;

namespace ShareHost.Persistence;

/// <summary>
/// A version number for a set of tables, for caches of their rows. It moves on with every row this process's
/// connections insert, update or delete in them (SQLite's update hook, as the statement runs), and once more when the
/// connection that wrote is given back, its transaction over. So a cache that reads the version, then the rows, and
/// finds the same version afterwards may keep the rows until the version moves: a write that had begun but not
/// committed when the rows were read moves it again when it ends.
/// Writes by another process on the same file are not seen; a cache bounds the age of what it keeps for those.
/// </summary>
public sealed class TableWatch
{
    private readonly byte[][] _tables;
    private long _version;

    internal TableWatch(IEnumerable<string> tables) => _tables = [.. tables.Select(Encoding.UTF8.GetBytes)];

    public long Version => Volatile.Read(ref _version);

    internal bool Covers(ReadOnlySpan<byte> table)
    {
        foreach (var watched in _tables)
        {
            if (table.SequenceEqual(watched))
            {
                return true;
            }
        }

        return false;
    }

    internal void Changed() => Interlocked.Increment(ref _version);

    /// <summary>The bytes of SQLite's zero-terminated UTF-8 table name, without copying them.</summary>
    internal static ReadOnlySpan<byte> Name(SQLitePCL.utf8z text)
    {
        ref var first = ref Unsafe.AsRef(in text.GetPinnableReference());
        if (Unsafe.IsNullRef(ref first))
        {
            return [];
        }

        var length = 0;
        while (Unsafe.Add(ref first, length) != 0)
        {
            length++;
        }

        return MemoryMarshal.CreateReadOnlySpan(ref first, length);
    }
}
