using BenchmarkDotNet.Attributes;
using PostOffice.Storage;
using PostOffice.Storage.Chunks;

namespace PostOffice.Benchmarks.Storage;

/// <summary>
/// The per-append CPU cost of the write-ahead log's chunk format: what an appender pays under the log's lock
/// (<see cref="Encode"/>), and what recovery pays per chunk (<see cref="Check"/>, <see cref="EnumerateRecords"/>).
/// </summary>
[MemoryDiagnoser]
public class ChunkCodecBenchmarks
{
    private const int PayloadBytes = 512;

    private LogRecord[] _records = [];
    private int[] _recordOffsets = [];
    private byte[] _chunk = [];

    /// <summary>Records per chunk: 1 is a single publish; 10 is a small fan-out written atomically.</summary>
    [Params(1, 10)]
    public int RecordCount { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        _records = new LogRecord[RecordCount];
        for (var i = 0; i < _records.Length; i++)
        {
            var payload = new byte[PayloadBytes];
            random.NextBytes(payload);
            _records[i] = new LogRecord(Kind: 1, Owner: 1000 + i, payload);
        }

        _recordOffsets = new int[RecordCount];
        _chunk = new byte[ChunkCodec.GetEncodedLength(_records)];
        ChunkCodec.Encode(_records, 0, _chunk, _recordOffsets);
        if (ChunkCodec.Check(_chunk, out var length) != ChunkStatus.Valid || length != _chunk.Length)
        {
            throw new InvalidOperationException("The encoded chunk does not check as valid; the benchmark would measure an error path.");
        }
    }

    /// <summary>Frames the records, copies their payloads and computes the CRC, into a preallocated buffer.</summary>
    [Benchmark(Baseline = true)]
    public int Encode() => ChunkCodec.Encode(_records, batchOffset: 0, _chunk, _recordOffsets);

    /// <summary>Header, CRC-32C and record framing of the chunk, as recovery checks every chunk it reads.</summary>
    [Benchmark]
    public int Check() => ChunkCodec.Check(_chunk, out var length) == ChunkStatus.Valid ? length : -1;

    /// <summary>Walks the records of a checked chunk, as replay does.</summary>
    [Benchmark]
    public long EnumerateRecords()
    {
        long sum = 0;
        foreach (var record in ChunkCodec.EnumerateRecords(_chunk))
        {
            sum += record.Owner + record.Kind + record.Payload.Length;
        }

        return sum;
    }
}
