using PostOffice.Storage.Chunks;

namespace PostOffice.Storage.Tests.Chunks;

public sealed class ChunkCodecTests
{
    private static readonly LogRecord[] Records =
    [
        new(1, 10, new byte[] { 1, 2, 3 }),
        new(2, 11, Array.Empty<byte>(), Retained: true),
        new(3, -5, Enumerable.Range(0, 300).Select(i => (byte)i).ToArray()),
    ];

    [Fact]
    public void Encode_ThenEnumerate_ReturnsTheRecords()
    {
        var chunk = Encode(Records, batchOffset: 77, out var offsets);

        Assert.Equal(ChunkStatus.Valid, ChunkCodec.Check(chunk, out var length));
        Assert.Equal(chunk.Length, length);
        Assert.Equal(77, ChunkCodec.ReadBatchOffset(chunk));
        var i = 0;
        foreach (var record in ChunkCodec.EnumerateRecords(chunk))
        {
            Assert.Equal(offsets[i], record.OffsetInChunk);
            Assert.Equal(Records[i].Kind, record.Kind);
            Assert.Equal(Records[i].Owner, record.Owner);
            Assert.Equal(Records[i].Retained, record.Retained);
            Assert.Equal(Records[i].Payload.ToArray(), record.Payload.ToArray());
            i++;
        }

        Assert.Equal(Records.Length, i);
    }

    [Fact]
    public void Encode_KnownRecord_ProducesGoldenBytes()
    {
        var chunk = Encode([new LogRecord(0x2A, 0x0102030405060708, new byte[] { 0xAA, 0xBB })], batchOffset: 5, out _);

        // magic "POCK", crc, bodyLength 16, recordCount 1, batchOffset 5,
        // record: payloadLength 2, kind 0x2A, flags 0, owner, payload.
        var expectedWithoutCrc = new byte[]
        {
            0x50, 0x4F, 0x43, 0x4B, 0, 0, 0, 0, 16, 0, 0, 0, 1, 0, 0, 0, 5, 0, 0, 0,
            2, 0, 0, 0, 0x2A, 0, 8, 7, 6, 5, 4, 3, 2, 1, 0xAA, 0xBB,
        };
        var withoutCrc = chunk.ToArray();
        withoutCrc.AsSpan(4, 4).Clear();
        Assert.Equal(expectedWithoutCrc, withoutCrc);
        Assert.Equal(Crc32C.Compute(chunk.AsSpan(8)), BitConverter.ToUInt32(chunk, 4));
    }

    [Fact]
    public void Check_AnySingleBitFlipped_IsInvalid()
    {
        var chunk = Encode(Records, 0, out _);
        for (var bit = 0; bit < chunk.Length * 8; bit++)
        {
            var damaged = chunk.ToArray();
            damaged[bit / 8] ^= (byte)(1 << (bit % 8));
            var status = ChunkCodec.Check(damaged, out _);
            Assert.True(status != ChunkStatus.Valid, $"bit {bit} flipped yet the chunk checks as valid");
        }
    }

    [Fact]
    public void Check_EveryTruncation_IsNotValid()
    {
        var chunk = Encode(Records, 0, out _);
        for (var length = 0; length < chunk.Length; length++)
        {
            Assert.NotEqual(ChunkStatus.Valid, ChunkCodec.Check(chunk.AsSpan(0, length), out _));
        }
    }

    [Fact]
    public void Check_ZeroFilledBytes_IsInvalid()
    {
        Assert.Equal(ChunkStatus.Invalid, ChunkCodec.Check(new byte[64], out _));
    }

    [Fact]
    public void GetEncodedLength_NoRecords_Throws()
    {
        Assert.Throws<ArgumentException>(() => ChunkCodec.GetEncodedLength([]));
    }

    private static byte[] Encode(LogRecord[] records, int batchOffset, out int[] offsets)
    {
        var chunk = new byte[ChunkCodec.GetEncodedLength(records)];
        offsets = new int[records.Length];
        Assert.Equal(chunk.Length, ChunkCodec.Encode(records, batchOffset, chunk, offsets));
        return chunk;
    }
}
