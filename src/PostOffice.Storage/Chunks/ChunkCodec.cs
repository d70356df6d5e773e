using System.Buffers.Binary;

namespace PostOffice.Storage.Chunks;

/// <summary>
/// Encodes and checks chunks, the unit of atomicity of the write-ahead log. A chunk is written by one append and is
/// either wholly present after a crash or treated as never written.
/// </summary>
/// <remarks>
/// Layout, little-endian:
/// <code>
/// chunk  := magic u32 "POCK" | crc u32 | bodyLength u32 | recordCount u32 | batchOffset u32 | body
/// body   := record*
/// record := payloadLength u32 | kind u8 | flags u8 | owner i64 | payload
/// </code>
/// The CRC-32C covers everything after the crc field, so a corrupted length is caught as surely as a corrupted
/// payload. <c>batchOffset</c> is the chunk's distance from the start of the write (group commit batch) it belongs
/// to: recovery uses it to tell a torn last batch, which is truncated, from damage to a batch that was already
/// flushed, which stops start-up (see <see cref="Log.WriteAheadLog"/>).
/// </remarks>
internal static class ChunkCodec
{
    public const uint Magic = 0x4B43_4F50; // "POCK"
    public const int HeaderLength = 20;
    public const int RecordHeaderLength = 14;

    /// <summary>The largest chunk body accepted; bounds the memory a reader must trust a length field with.</summary>
    public const int MaxBodyLength = 64 * 1024 * 1024;

    private const byte RetainedFlag = 1;

    public static int GetEncodedLength(ReadOnlySpan<LogRecord> records)
    {
        if (records.IsEmpty)
        {
            ThrowHelper.ThrowArgument("A chunk holds at least one record.", nameof(records));
        }

        long length = HeaderLength;
        foreach (ref readonly var record in records)
        {
            length += RecordHeaderLength + record.Payload.Length;
        }

        if (length - HeaderLength > MaxBodyLength)
        {
            ThrowHelper.ThrowArgument($"A chunk body may hold at most {MaxBodyLength} bytes; these records need {length - HeaderLength}.", nameof(records));
        }

        return (int)length;
    }

    /// <summary>Writes the chunk into <paramref name="destination"/>, which must hold <see cref="GetEncodedLength"/> bytes.</summary>
    /// <param name="batchOffset">The chunk's distance from the start of the write it will be part of.</param>
    /// <param name="recordOffsets">Receives each record's offset from the start of the chunk.</param>
    public static int Encode(ReadOnlySpan<LogRecord> records, int batchOffset, Span<byte> destination, Span<int> recordOffsets)
    {
        var offset = HeaderLength;
        for (var i = 0; i < records.Length; i++)
        {
            ref readonly var record = ref records[i];
            var payload = record.Payload.Span;
            recordOffsets[i] = offset;
            var header = destination.Slice(offset, RecordHeaderLength);
            BinaryPrimitives.WriteInt32LittleEndian(header, payload.Length);
            header[4] = record.Kind;
            header[5] = record.Retained ? RetainedFlag : (byte)0;
            BinaryPrimitives.WriteInt64LittleEndian(header[6..], record.Owner);
            payload.CopyTo(destination[(offset + RecordHeaderLength)..]);
            offset += RecordHeaderLength + payload.Length;
        }

        BinaryPrimitives.WriteUInt32LittleEndian(destination, Magic);
        BinaryPrimitives.WriteInt32LittleEndian(destination[8..], offset - HeaderLength);
        BinaryPrimitives.WriteInt32LittleEndian(destination[12..], records.Length);
        BinaryPrimitives.WriteInt32LittleEndian(destination[16..], batchOffset);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[4..], Crc32C.Compute(destination[8..offset]));
        return offset;
    }

    /// <summary>
    /// Reads the header at the start of <paramref name="data"/> and returns the chunk's total length, or -1 when the
    /// header is not a plausible chunk header. Checks nothing beyond the header.
    /// </summary>
    public static int PeekLength(ReadOnlySpan<byte> data)
    {
        if (data.Length < HeaderLength || BinaryPrimitives.ReadUInt32LittleEndian(data) != Magic)
        {
            return -1;
        }

        var bodyLength = BinaryPrimitives.ReadInt32LittleEndian(data[8..]);
        var recordCount = BinaryPrimitives.ReadInt32LittleEndian(data[12..]);
        var batchOffset = BinaryPrimitives.ReadInt32LittleEndian(data[16..]);
        if (bodyLength < RecordHeaderLength || bodyLength > MaxBodyLength || recordCount < 1 || recordCount > bodyLength / RecordHeaderLength || batchOffset < 0)
        {
            return -1;
        }

        return HeaderLength + bodyLength;
    }

    /// <summary>Checks the chunk at the start of <paramref name="data"/>: header, CRC and record framing.</summary>
    public static ChunkStatus Check(ReadOnlySpan<byte> data, out int chunkLength)
    {
        chunkLength = 0;
        if (data.Length < HeaderLength)
        {
            return ChunkStatus.Incomplete;
        }

        var length = PeekLength(data);
        if (length < 0)
        {
            return ChunkStatus.Invalid;
        }

        if (data.Length < length)
        {
            return ChunkStatus.Incomplete;
        }

        var crc = BinaryPrimitives.ReadUInt32LittleEndian(data[4..]);
        if (Crc32C.Compute(data[8..length]) != crc || !FramingIsValid(data[..length]))
        {
            return ChunkStatus.Invalid;
        }

        chunkLength = length;
        return ChunkStatus.Valid;
    }

    /// <summary>Decodes the header of one record, as read back by position.</summary>
    public static int ReadRecordHeader(ReadOnlySpan<byte> header, out byte kind, out long owner)
    {
        kind = header[4];
        owner = BinaryPrimitives.ReadInt64LittleEndian(header[6..]);
        return BinaryPrimitives.ReadInt32LittleEndian(header);
    }

    /// <summary>The chunk's distance from the start of its write batch (see the remarks on the layout).</summary>
    public static int ReadBatchOffset(ReadOnlySpan<byte> chunk) => BinaryPrimitives.ReadInt32LittleEndian(chunk[16..]);

    /// <summary>Enumerates the records of a chunk that <see cref="Check"/> found valid.</summary>
    public static RecordEnumerator EnumerateRecords(ReadOnlySpan<byte> chunk) => new(chunk);

    private static bool FramingIsValid(ReadOnlySpan<byte> chunk)
    {
        var expected = BinaryPrimitives.ReadInt32LittleEndian(chunk[12..]);
        var count = 0;
        var offset = HeaderLength;
        while (offset < chunk.Length)
        {
            if (chunk.Length - offset < RecordHeaderLength)
            {
                return false;
            }

            var payloadLength = BinaryPrimitives.ReadInt32LittleEndian(chunk[offset..]);
            if (payloadLength < 0 || payloadLength > chunk.Length - offset - RecordHeaderLength)
            {
                return false;
            }

            offset += RecordHeaderLength + payloadLength;
            count++;
        }

        return count == expected;
    }

    /// <summary>Walks the records of a valid chunk without allocating.</summary>
    public ref struct RecordEnumerator
    {
        private readonly ReadOnlySpan<byte> _chunk;
        private int _next;

        public RecordEnumerator(ReadOnlySpan<byte> chunk)
        {
            _chunk = chunk;
            _next = HeaderLength;
            Current = default;
        }

        public ChunkRecord Current { get; private set; }

        public readonly RecordEnumerator GetEnumerator() => this;

        public bool MoveNext()
        {
            if (_next >= _chunk.Length)
            {
                return false;
            }

            var header = _chunk.Slice(_next, RecordHeaderLength);
            var payloadLength = BinaryPrimitives.ReadInt32LittleEndian(header);
            Current = new ChunkRecord(
                _next,
                header[4],
                (header[5] & RetainedFlag) != 0,
                BinaryPrimitives.ReadInt64LittleEndian(header[6..]),
                _chunk.Slice(_next + RecordHeaderLength, payloadLength));
            _next += RecordHeaderLength + payloadLength;
            return true;
        }
    }
}
