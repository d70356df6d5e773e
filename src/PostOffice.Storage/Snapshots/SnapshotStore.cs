using System.Buffers.Binary;
using System.Globalization;
using PostOffice.Storage.Io;

namespace PostOffice.Storage.Snapshots;

/// <summary>
/// Durable snapshots of engine state, one file each, named after the log position replay resumes from.
/// </summary>
/// <remarks>
/// Layout, little-endian: <c>magic u32 "POSN" | version u32 | replayFrom i64 | stateLength i64 | crc u32 | state</c>,
/// the CRC-32C covering replayFrom, stateLength and state. A snapshot is written to a temporary name, flushed,
/// renamed into place and the directory flushed, so a crash leaves either the old set or the new one.
/// </remarks>
internal sealed class SnapshotStore(string directory, IStorageIo io, int snapshotsToKeep)
{
    private const uint Magic = 0x4E53_4F50; // "POSN"
    private const uint Version = 1;
    private const int HeaderLength = 28;
    private const string Extension = ".snapshot";

    private List<long> _kept = [];

    public string Directory { get; } = directory;

    /// <summary>The oldest kept snapshot's position: log files wholly before it are needed by no snapshot.</summary>
    public LogPosition OldestKept => _kept.Count == 0 ? LogPosition.Start : new LogPosition(_kept[0]);

    /// <summary>
    /// Finds the newest snapshot whose checksum holds. Damaged ones are renamed to <c>*.corrupt</c> and reported
    /// through <paramref name="onDamaged"/>; older good ones stay as fallbacks.
    /// </summary>
    public LoadedSnapshot? LoadNewest(Action<string, string> onDamaged)
    {
        System.IO.Directory.CreateDirectory(Directory);
        foreach (var temporary in System.IO.Directory.EnumerateFiles(Directory, "*.tmp"))
        {
            io.Delete(temporary); // an interrupted write; the rename never happened
        }

        var positions = System.IO.Directory.EnumerateFiles(Directory, "*" + Extension)
            .Select(path => long.TryParse(Path.GetFileNameWithoutExtension(path), NumberStyles.None, CultureInfo.InvariantCulture, out var p) ? p : -1)
            .Where(p => p >= 0)
            .Order()
            .ToList();

        LoadedSnapshot? newest = null;
        var good = new List<long>();
        for (var i = positions.Count - 1; i >= 0; i--)
        {
            var path = PathOf(positions[i]);
            var problem = TryRead(path, positions[i], out var state);
            if (problem is not null)
            {
                onDamaged(path, problem);
                io.Move(path, path + ".corrupt");
                continue;
            }

            good.Insert(0, positions[i]);
            newest ??= new LoadedSnapshot(new LogPosition(positions[i]), state!);
        }

        _kept = good;
        return newest;
    }

    public void Write(LogPosition replayFrom, ReadOnlySpan<byte> state)
    {
        var path = PathOf(replayFrom.Value);
        var temporary = path + ".tmp";
        var buffer = new byte[HeaderLength + state.Length];
        BinaryPrimitives.WriteUInt32LittleEndian(buffer, Magic);
        BinaryPrimitives.WriteUInt32LittleEndian(buffer.AsSpan(4), Version);
        BinaryPrimitives.WriteInt64LittleEndian(buffer.AsSpan(8), replayFrom.Value);
        BinaryPrimitives.WriteInt64LittleEndian(buffer.AsSpan(16), state.Length);
        state.CopyTo(buffer.AsSpan(HeaderLength));
        BinaryPrimitives.WriteUInt32LittleEndian(buffer.AsSpan(24), ComputeCrc(buffer));

        using (var file = io.Open(temporary, create: true))
        {
            file.Truncate(0);
            file.Write(buffer, 0);
            file.FlushToDisk();
        }

        io.Move(temporary, path);
        io.FlushDirectory(Directory);

        if (!_kept.Contains(replayFrom.Value))
        {
            _kept.Add(replayFrom.Value);
            _kept.Sort();
        }

        while (_kept.Count > snapshotsToKeep)
        {
            io.Delete(PathOf(_kept[0]));
            _kept.RemoveAt(0);
        }

        io.FlushDirectory(Directory);
    }

    private static uint ComputeCrc(ReadOnlySpan<byte> file)
    {
        var crc = Crc32C.Append(0xFFFF_FFFFu, file[8..24]);
        return Crc32C.Append(crc, file[HeaderLength..]) ^ 0xFFFF_FFFFu;
    }

    private string PathOf(long position) => Path.Combine(Directory, position.ToString("D20", CultureInfo.InvariantCulture) + Extension);

    private string? TryRead(string path, long expectedPosition, out byte[]? state)
    {
        state = null;
        byte[] bytes;
        using (var file = io.Open(path, create: false))
        {
            if (file.Length < HeaderLength)
            {
                return "shorter than a snapshot header";
            }

            if (file.Length > int.MaxValue)
            {
                return "larger than 2 GiB";
            }

            bytes = new byte[file.Length];
            if (file.Read(bytes, 0) != bytes.Length)
            {
                return "could not be read whole";
            }
        }

        if (BinaryPrimitives.ReadUInt32LittleEndian(bytes) != Magic || BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(4)) != Version)
        {
            return "not a snapshot of this version";
        }

        var position = BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(8));
        var length = BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(16));
        if (position != expectedPosition || length != bytes.Length - HeaderLength)
        {
            return "header does not match the file";
        }

        if (ComputeCrc(bytes) != BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(24)))
        {
            return "checksum mismatch";
        }

        state = bytes[HeaderLength..];
        return null;
    }
}
