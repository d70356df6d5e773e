namespace PostOffice.Benchmarks.Load;

/// <summary>What one measured run produced; fsync figures are absent for the raw ceiling where they are trivially one.</summary>
public sealed record LoadResult(
    string Name,
    int Writers,
    double Seconds,
    LatencyHistogram Latency,
    long Records,
    long Fsyncs,
    long Bytes,
    double CpuPercent,
    int GcCount,
    long AllocatedBytes)
{
    public const string WalRun = "PostOffice WAL";
    public const string RawRun = "raw write+fdatasync";

    public double AppendsPerSecond => Latency.Count / Seconds;

    /// <summary>Bytes allocated by the whole process per measured append (the load's own loop allocates none).</summary>
    public double AllocatedBytesPerAppend => Latency.Count == 0 ? 0 : (double)AllocatedBytes / Latency.Count;

    public double RecordsPerFsync => Fsyncs == 0 ? 0 : (double)Records / Fsyncs;

    /// <summary>Wall time per write-and-fdatasync cycle of the log's writer.</summary>
    public double MicrosecondsPerFsync => Fsyncs == 0 ? 0 : Seconds * 1_000_000 / Fsyncs;

    /// <summary>Bytes written to the log per second (chunk headers included), in MB (10^6 bytes).</summary>
    public double MegabytesPerSecond => Bytes / Seconds / 1_000_000;
}
