using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using PostOffice.Storage;
using PostOffice.Storage.Log;

namespace PostOffice.Benchmarks.Load;

/// <summary>
/// N writers, each appending one record at a time to one <see cref="WriteAheadLog"/> and awaiting its durability
/// before the next: the closed loop of N publishers each waiting for its PUBACK.
/// </summary>
public static class WalAppendRun
{
    /// <summary>How long stopped writers get to finish the append they are in.</summary>
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(30);

    public static async Task<LoadResult> RunAsync(int writers, AppendLoadOptions options, string directory, CancellationToken cancellationToken)
    {
        var payload = new byte[options.RecordBytes];
        new Random(42).NextBytes(payload);
        var histograms = new LatencyHistogram[writers];
        var tasks = new Task[writers];
        var phase = new LoadPhase();

        var log = await WriteAheadLog.OpenAsync(
            new WriteAheadLogOptions { Directory = directory },
            NullRecoveryHandler.Instance,
            NullLogger.Instance).ConfigureAwait(false);
        await using (log.ConfigureAwait(false))
        {
            for (var i = 0; i < writers; i++)
            {
                histograms[i] = new LatencyHistogram();
                tasks[i] = WriteAsync(log, new LogRecord(Kind: 1, Owner: i, payload), phase, histograms[i]);
            }

            await DelayAsync(TimeSpan.FromSeconds(options.WarmupSeconds), cancellationToken).ConfigureAwait(false);
            var statisticsBefore = (log.Statistics.Records, log.Statistics.Commits, log.Statistics.BytesCommitted);
            var cpuBefore = Environment.CpuUsage.TotalTime;
            var gcBefore = GC.CollectionCount(0);
            var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
            var start = Stopwatch.GetTimestamp();
            phase.MoveTo(LoadPhase.Measuring);

            await DelayAsync(TimeSpan.FromSeconds(options.Seconds), cancellationToken).ConfigureAwait(false);
            phase.MoveTo(LoadPhase.Stopped);
            var elapsed = Stopwatch.GetElapsedTime(start);
            var statisticsAfter = (log.Statistics.Records, log.Statistics.Commits, log.Statistics.BytesCommitted);
            var cpu = Environment.CpuUsage.TotalTime - cpuBefore;
            var gcCount = GC.CollectionCount(0) - gcBefore;
            var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;

            var drained = Task.WhenAll(tasks);
            if (await Task.WhenAny(drained, Task.Delay(DrainTimeout)).ConfigureAwait(false) != drained)
            {
                throw new TimeoutException($"{writers} writer(s) did not finish their last append within {DrainTimeout.TotalSeconds} s of the stop.");
            }

            await drained.ConfigureAwait(false);
            var latency = new LatencyHistogram();
            foreach (var histogram in histograms)
            {
                latency.Add(histogram);
            }

            return new LoadResult(
                LoadResult.WalRun,
                writers,
                elapsed.TotalSeconds,
                latency,
                statisticsAfter.Records - statisticsBefore.Records,
                statisticsAfter.Commits - statisticsBefore.Commits,
                statisticsAfter.BytesCommitted - statisticsBefore.BytesCommitted,
                cpu.TotalSeconds / elapsed.TotalSeconds / Environment.ProcessorCount * 100,
                gcCount,
                allocated);
        }
    }

    /// <summary>Waits, or returns early on Ctrl+C so the run ends cleanly and its data is deleted.</summary>
    private static async Task DelayAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
    }

    private static async Task WriteAsync(WriteAheadLog log, LogRecord record, LoadPhase phase, LatencyHistogram histogram)
    {
        // Start every writer on the thread pool, as a connection's handler would be.
        await Task.Yield();
        LogRecord[] records = [record];
        var positions = new LogPosition[1];
        while (true)
        {
            var current = phase.Current;
            if (current == LoadPhase.Stopped)
            {
                return;
            }

            var start = Stopwatch.GetTimestamp();
            await log.AppendAndWaitForCommitAsync(records, positions).ConfigureAwait(false);
            var ticks = Stopwatch.GetTimestamp() - start;
            if (current == LoadPhase.Measuring)
            {
                histogram.Record(ticks);
            }
        }
    }
}
