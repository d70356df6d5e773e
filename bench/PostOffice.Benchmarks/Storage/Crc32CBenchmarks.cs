using BenchmarkDotNet.Attributes;
using PostOffice.Benchmarks.Columns;
using PostOffice.Storage;

namespace PostOffice.Benchmarks.Storage;

/// <summary>CRC-32C over the sizes the log checks: a small record, a typical chunk, a page, a large batch.</summary>
[MemoryDiagnoser]
[Config(typeof(ThroughputConfig))]
public class Crc32CBenchmarks
{
    private byte[] _data = [];

    [Params(64, 512, 4096, 65536)]
    public int Size { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _data = new byte[Size];
        new Random(42).NextBytes(_data);
    }

    [Benchmark(Baseline = true)]
    public uint Compute() => Crc32C.Compute(_data);

    /// <summary>Adds a throughput column computed from the <see cref="Size"/> parameter.</summary>
    private sealed class ThroughputConfig : BenchmarkDotNet.Configs.ManualConfig
    {
        public ThroughputConfig() => AddColumn(new ThroughputColumn(nameof(Size)));
    }
}
