using System.Buffers;
using System.Buffers.Binary;
using PostOffice.Storage;
using PostOffice.Storage.Log;

namespace PostOffice.Storage.CrashChild;

/// <summary>
/// Rebuilds, and checks, each writer's sequence from the log: record payloads carry (writer, seq, chunk size, index
/// in chunk, filler, CRC-32C). Every writer's sequence must continue exactly where the previous record left it, each
/// chunk must be whole, and every payload must pass its own checksum: a torn or duplicated record fails the check.
/// </summary>
public sealed class SequenceVerifier : ILogRecoveryHandler
{
    public const byte RecordKind = 7;

    private readonly Dictionary<int, long> _next = [];
    private readonly Dictionary<int, (int Count, int Index)> _openChunk = [];

    public string? Error { get; private set; }

    public long Replayed { get; private set; }

    public IReadOnlyDictionary<int, long> Next => _next;

    public long NextFor(int writer) => _next.GetValueOrDefault(writer);

    public void MarkAppended(int writer, long next) => _next[writer] = next;

    public static byte[] BuildPayload(int writer, long seq, int chunkCount, int index, Random random)
    {
        var payload = new byte[20 + random.Next(16, 600) + 4];
        BinaryPrimitives.WriteInt32LittleEndian(payload, writer);
        BinaryPrimitives.WriteInt64LittleEndian(payload.AsSpan(4), seq);
        BinaryPrimitives.WriteInt32LittleEndian(payload.AsSpan(12), chunkCount);
        BinaryPrimitives.WriteInt32LittleEndian(payload.AsSpan(16), index);
        random.NextBytes(payload.AsSpan(20, payload.Length - 24));
        BinaryPrimitives.WriteUInt32LittleEndian(payload.AsSpan(payload.Length - 4), Crc32C.Compute(payload.AsSpan(0, payload.Length - 4)));
        return payload;
    }

    public void RestoreSnapshot(ReadOnlySpan<byte> state, LogRecoveryContext context)
    {
        for (var i = 0; i + 12 <= state.Length; i += 12)
        {
            _next[BinaryPrimitives.ReadInt32LittleEndian(state[i..])] = BinaryPrimitives.ReadInt64LittleEndian(state[(i + 4)..]);
        }
    }

    public void Replay(in LogRecordView record, LogRecoveryContext context)
    {
        if (Error is not null)
        {
            return;
        }

        Replayed++;
        var payload = record.Payload;
        if (record.Kind != RecordKind || payload.Length < 24)
        {
            Error = $"record at {record.Position} has kind {record.Kind} and {payload.Length} bytes";
            return;
        }

        if (Crc32C.Compute(payload[..^4]) != BinaryPrimitives.ReadUInt32LittleEndian(payload[^4..]))
        {
            Error = $"record at {record.Position} fails its own checksum: a torn record is visible";
            return;
        }

        var writer = BinaryPrimitives.ReadInt32LittleEndian(payload);
        var seq = BinaryPrimitives.ReadInt64LittleEndian(payload[4..]);
        var count = BinaryPrimitives.ReadInt32LittleEndian(payload[12..]);
        var index = BinaryPrimitives.ReadInt32LittleEndian(payload[16..]);
        var expected = _next.GetValueOrDefault(writer);
        if (seq != expected)
        {
            Error = $"writer {writer}: record at {record.Position} has seq {seq}, expected {expected} (lost, duplicated or out of order)";
            return;
        }

        var open = _openChunk.TryGetValue(writer, out var current) && current.Count != 0 ? current : (Count: count, Index: 0);
        if (open.Count != count || open.Index != index)
        {
            Error = $"writer {writer}: seq {seq} is record {index} of a {count}-record chunk, but record {open.Index} of {open.Count} was expected: a chunk is not whole";
            return;
        }

        _openChunk[writer] = index + 1 == count ? default : (count, index + 1);
        _next[writer] = seq + 1;
    }

    /// <summary>Checked after replay: a chunk cut short at the very end would also be a torn chunk.</summary>
    public void CheckChunksClosed()
    {
        foreach (var (writer, open) in _openChunk)
        {
            if (open.Count != 0 && Error is null)
            {
                Error = $"writer {writer}: the log ends inside a {open.Count}-record chunk after record {open.Index}";
            }
        }
    }

    public void CaptureSnapshot(IBufferWriter<byte> writer)
    {
        foreach (var (id, next) in _next)
        {
            var span = writer.GetSpan(12);
            BinaryPrimitives.WriteInt32LittleEndian(span, id);
            BinaryPrimitives.WriteInt64LittleEndian(span[4..], next);
            writer.Advance(12);
        }
    }
}
