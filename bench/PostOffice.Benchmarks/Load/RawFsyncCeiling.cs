using System.Diagnostics;
using System.Runtime.InteropServices;

namespace PostOffice.Benchmarks.Load;

/// <summary>
/// The ceiling of one-record-per-flush durability on this disk: one thread appending one record to a file with
/// <c>write</c> then <c>fdatasync</c>, the same calls the log's writer makes, without batching.
/// </summary>
public static class RawFsyncCeiling
{
    public static LoadResult Run(AppendLoadOptions options, string directory, CancellationToken cancellationToken)
    {
        var record = new byte[options.RecordBytes];
        new Random(42).NextBytes(record);
        var path = Path.Combine(directory, "raw-ceiling.dat");
        var histogram = new LatencyHistogram();
        long offset = 0;
        TimeSpan elapsed;
        TimeSpan cpu;
        int gcCount;
        long allocated;
        using (var handle = File.OpenHandle(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.Read))
        {
            var warmupEnd = Stopwatch.GetTimestamp() + (long)(options.WarmupSeconds * Stopwatch.Frequency);
            while (Stopwatch.GetTimestamp() < warmupEnd && !cancellationToken.IsCancellationRequested)
            {
                WriteAndFlush(handle, record, ref offset);
            }

            var cpuBefore = Environment.CpuUsage.TotalTime;
            var gcBefore = GC.CollectionCount(0);
            var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
            var start = Stopwatch.GetTimestamp();
            var end = start + (long)(options.Seconds * Stopwatch.Frequency);
            long now;
            while ((now = Stopwatch.GetTimestamp()) < end && !cancellationToken.IsCancellationRequested)
            {
                WriteAndFlush(handle, record, ref offset);
                histogram.Record(Stopwatch.GetTimestamp() - now);
            }

            elapsed = Stopwatch.GetElapsedTime(start);
            cpu = Environment.CpuUsage.TotalTime - cpuBefore;
            gcCount = GC.CollectionCount(0) - gcBefore;
            allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        }

        File.Delete(path);
        return new LoadResult(
            LoadResult.RawRun,
            Writers: 1,
            elapsed.TotalSeconds,
            histogram,
            Records: histogram.Count,
            Fsyncs: histogram.Count,
            Bytes: histogram.Count * (long)options.RecordBytes,
            cpu.TotalSeconds / elapsed.TotalSeconds / Environment.ProcessorCount * 100,
            gcCount,
            allocated);
    }

    private static void WriteAndFlush(Microsoft.Win32.SafeHandles.SafeFileHandle handle, byte[] record, ref long offset)
    {
        RandomAccess.Write(handle, record, offset);
        offset += record.Length;
        if (!OperatingSystem.IsLinux())
        {
            RandomAccess.FlushToDisk(handle);
        }
        else if (NativeMethods.Fdatasync(handle) != 0)
        {
            throw new IOException($"fdatasync failed (errno {Marshal.GetLastPInvokeError()}).");
        }
    }
}
