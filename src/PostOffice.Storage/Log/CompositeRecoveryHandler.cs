using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace PostOffice.Storage.Log;

/// <summary>
/// Recovers several engines from one log: each record goes to the engine that owns its kind, and a snapshot is a
/// sequence of named sections, one per engine, so engines can be added without disturbing the others' state.
/// </summary>
/// <remarks>
/// Snapshot layout: magic "POSS", format version (u8), section count (u16), then per section the name length (u8),
/// the UTF-8 name and the section length (u32) followed by its bytes. All integers are little-endian.
/// </remarks>
public sealed class CompositeRecoveryHandler : ILogRecoveryHandler
{
    private const uint Magic = 0x5353_4F50; // "POSS" read as a little-endian u32
    private const byte FormatVersion = 1;

    private readonly (ILogEngine Engine, ILogRecoveryHandler Handler)[] _parts;

    public CompositeRecoveryHandler(IReadOnlyList<(ILogEngine Engine, ILogRecoveryHandler Handler)> parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (engine, _) in parts)
        {
            if (!names.Add(engine.SnapshotSection))
            {
                throw new ArgumentException($"Two engines use the snapshot section '{engine.SnapshotSection}'.", nameof(parts));
            }
        }

        _parts = [.. parts];
    }

    /// <summary>Loads every engine from the catalog, in order, and combines their recovery handlers.</summary>
    public static async Task<ILogRecoveryHandler> LoadAsync(
        IReadOnlyList<ILogEngine> engines, Catalog.ICatalog catalog, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(engines);
        var parts = new List<(ILogEngine, ILogRecoveryHandler)>(engines.Count);
        foreach (var engine in engines)
        {
            parts.Add((engine, await engine.LoadAsync(catalog, cancellationToken).ConfigureAwait(false)));
        }

        return new CompositeRecoveryHandler(parts);
    }

    public void RestoreSnapshot(ReadOnlySpan<byte> state, LogRecoveryContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (state.Length < 7 || BinaryPrimitives.ReadUInt32LittleEndian(state) != Magic || state[4] != FormatVersion)
        {
            throw Corrupt(context, "the snapshot is not in the sectioned format this version writes");
        }

        var count = BinaryPrimitives.ReadUInt16LittleEndian(state[5..]);
        var rest = state[7..];
        for (var i = 0; i < count; i++)
        {
            if (rest.Length < 1 || rest.Length < 1 + rest[0] + 4)
            {
                throw Corrupt(context, "the snapshot's section table is truncated");
            }

            var name = Encoding.UTF8.GetString(rest.Slice(1, rest[0]));
            rest = rest[(1 + rest[0])..];
            var length = BinaryPrimitives.ReadUInt32LittleEndian(rest);
            rest = rest[4..];
            if (length > (uint)rest.Length)
            {
                throw Corrupt(context, $"the snapshot section '{name}' is truncated");
            }

            var section = rest[..(int)length];
            rest = rest[(int)length..];
            var handler = Find(name) ?? throw Corrupt(
                context, $"the snapshot has a section '{name}' that no engine of this version reads (written by a newer version?)");
            handler.RestoreSnapshot(section, context);
        }
    }

    public void Replay(in LogRecordView record, LogRecoveryContext context)
    {
        foreach (var (engine, handler) in _parts)
        {
            if (engine.OwnsRecordKind(record.Kind))
            {
                handler.Replay(record, context);
                return;
            }
        }

        throw new StorageCorruptionException(
            "the write-ahead log",
            record.Position.Value,
            $"a record of kind 0x{record.Kind:X2} that no engine of this version reads (written by a newer version?)");
    }

    public void CaptureSnapshot(IBufferWriter<byte> writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var header = writer.GetSpan(7);
        BinaryPrimitives.WriteUInt32LittleEndian(header, Magic);
        header[4] = FormatVersion;
        BinaryPrimitives.WriteUInt16LittleEndian(header[5..], (ushort)_parts.Length);
        writer.Advance(7);
        var section = new ArrayBufferWriter<byte>();
        foreach (var (engine, handler) in _parts)
        {
            section.ResetWrittenCount();
            handler.CaptureSnapshot(section);
            var name = Encoding.UTF8.GetBytes(engine.SnapshotSection);
            var span = writer.GetSpan(1 + name.Length + 4);
            span[0] = (byte)name.Length;
            name.CopyTo(span[1..]);
            BinaryPrimitives.WriteUInt32LittleEndian(span[(1 + name.Length)..], (uint)section.WrittenCount);
            writer.Advance(1 + name.Length + 4);
            writer.Write(section.WrittenSpan);
        }
    }

    private static StorageCorruptionException Corrupt(LogRecoveryContext context, string problem) =>
        new("the snapshot", context.SnapshotPosition.Value, problem);

    private ILogRecoveryHandler? Find(string name)
    {
        foreach (var (engine, handler) in _parts)
        {
            if (string.Equals(engine.SnapshotSection, name, StringComparison.Ordinal))
            {
                return handler;
            }
        }

        return null;
    }
}
