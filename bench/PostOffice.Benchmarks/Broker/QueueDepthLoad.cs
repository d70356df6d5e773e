using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using PostOffice.Broker.Queues;
using PostOffice.Storage;

namespace PostOffice.Benchmarks.Broker;

/// <summary>
/// <c>queue-depth</c>: the queue engine's cost per message at a shallow and at a deep backlog. The queue is
/// prefilled to the depth, then workers loop send(10) → receive(10) → delete(10), so the depth stays constant while
/// messages flow through it. Everything is durable (the real write-ahead log, fdatasync on). The figure that
/// matters is the ratio between depths: the engine's structures are meant to cost the same per message at any depth.
/// </summary>
public static class QueueDepthLoad
{
    public static async Task<int> RunAsync(string[] args)
    {
        var depths = Option(args, "--depths", "10,1000000").Split(',').Select(d => int.Parse(d, CultureInfo.InvariantCulture)).ToArray();
        var seconds = int.Parse(Option(args, "--seconds", "10"), CultureInfo.InvariantCulture);
        var workers = int.Parse(Option(args, "--workers", "16"), CultureInfo.InvariantCulture);
        var residentMb = long.Parse(Option(args, "--resident-mb", "64"), CultureInfo.InvariantCulture);
        if (depths.Any(d => d < 0 || d > 10_000_000) || seconds is < 1 or > 600 || workers is < 1 or > 1024)
        {
            await Console.Error.WriteLineAsync("queue-depth: --depths 0..10000000, --seconds 1..600, --workers 1..1024").ConfigureAwait(false);
            return 2;
        }

        var root = Path.Combine(Path.GetFullPath(Option(args, "--dir", Path.GetTempPath())), $"postoffice-queue-depth-{Environment.ProcessId}");
        var rows = new List<DepthRow>();
        try
        {
            foreach (var depth in depths)
            {
                rows.Add(await RunOnceAsync(Path.Combine(root, depth.ToString(CultureInfo.InvariantCulture)), depth, seconds, workers, residentMb).ConfigureAwait(false));
                var row = rows[^1];
                Console.WriteLine(FormattableString.Invariant(
                    $$"""{"benchmark":"queue-depth","depth":{{depth}},"workers":{{workers}},"seconds":{{seconds}},"messagesPerSecond":{{row.MessagesPerSecond:F0}},"cpuUsPerMessage":{{row.CpuUsPerMessage:F2}},"gcPausePercent":{{row.GcPausePercent:F1}},"gen2Collections":{{row.Gen2Collections}},"cycleP50Us":{{row.P50:F0}},"cycleP99Us":{{row.P99:F0}},"managedHeapMb":{{row.ResidentMb}}}"""));
            }
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }

        Console.WriteLine();
        Console.WriteLine($"{workers} workers, each cycle send(10) + receive(10) + delete(10), durable; {seconds} s per depth");
        Console.WriteLine();
        Console.WriteLine("CPU µs per message: the whole process's user + system CPU time over the window, divided by the messages that");
        Console.WriteLine("went through (send + receive + delete); unlike messages/s it stays meaningful when other work shares the cores.");
        Console.WriteLine();
        Console.WriteLine("| depth | messages/s | CPU µs/message | GC pause % | gen2 GCs | cycle p50 µs | cycle p99 µs | managed heap MB | × shallowest (msgs/s) | × shallowest (CPU/msg) |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var row in rows)
        {
            Console.WriteLine(FormattableString.Invariant($"| {row.Depth:N0} | {row.MessagesPerSecond:N0} | {row.CpuUsPerMessage:F2} | {row.GcPausePercent:F1} | {row.Gen2Collections} | {row.P50:N0} | {row.P99:N0} | {row.ResidentMb:N0} | {row.MessagesPerSecond / rows[0].MessagesPerSecond:F2} | {rows[0].CpuUsPerMessage / row.CpuUsPerMessage:F2} |"));
        }

        return 0;
    }

    private static async Task<DepthRow> RunOnceAsync(string directory, int depth, int seconds, int workers, long residentMb)
    {
        var options = new QueueEngineOptions { ResidentBodyBytesPerQueue = residentMb * 1024 * 1024 };
        using var engine = new QueueEngine(options, TimeProvider.System, NullLoggerFactory.Instance);
        await using var storage = await StorageEngine.OpenAsync(new StorageOptions { DataDirectory = directory }, engine.LoadAsync, NullLoggerFactory.Instance, CancellationToken.None).ConfigureAwait(false);
        engine.Attach(storage.Log);
        await engine.CreateQueueAsync(new CreateQueueRequest("depth", new Dictionary<string, string>(), new Dictionary<string, string>()), CancellationToken.None).ConfigureAwait(false);
        var body = new string('x', 256);
        var batch = Enumerable.Range(0, 10).Select(_ => new SendMessageRequest { Body = body }).ToList();

        await Console.Error.WriteLineAsync($"queue-depth: prefilling {depth:N0} messages").ConfigureAwait(false);
        var prefilled = 0;
        await Parallel.ForEachAsync(Enumerable.Range(0, (depth + 9) / 10), new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (_, _) =>
        {
            await engine.SendMessagesAsync("depth", batch, CancellationToken.None).ConfigureAwait(false);
            Interlocked.Add(ref prefilled, 10);
        }).ConfigureAwait(false);

        await Console.Error.WriteLineAsync($"queue-depth: depth {prefilled:N0}, measuring {seconds} s with {workers} workers").ConfigureAwait(false);
        var latencies = new List<double>[workers];
        long messages = 0;
        var stop = Stopwatch.GetTimestamp() + (long)(seconds * Stopwatch.Frequency);
        using var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        var pauseBefore = GC.GetTotalPauseDuration();
        var gen2Before = GC.CollectionCount(2);
        var started = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, workers).Select(w => Task.Run(async () =>
        {
            var own = latencies[w] = new List<double>(100_000);
            var request = new ReceiveMessagesRequest { MaxNumberOfMessages = 10, VisibilityTimeout = 300 };
            while (Stopwatch.GetTimestamp() < stop)
            {
                var cycle = Stopwatch.GetTimestamp();
                await engine.SendMessagesAsync("depth", batch, CancellationToken.None).ConfigureAwait(false);
                var received = await engine.ReceiveMessagesAsync("depth", request, CancellationToken.None).ConfigureAwait(false);
                await engine.DeleteMessagesAsync("depth", [.. received.Select(m => m.ReceiptHandle)], CancellationToken.None).ConfigureAwait(false);
                own.Add(Stopwatch.GetElapsedTime(cycle).TotalMicroseconds);
                Interlocked.Add(ref messages, received.Count);
            }
        }))).ConfigureAwait(false);
        var elapsed = Stopwatch.GetElapsedTime(started).TotalSeconds;
        process.Refresh();
        var cpu = (process.TotalProcessorTime - cpuBefore).TotalMicroseconds;
        var pause = (GC.GetTotalPauseDuration() - pauseBefore).TotalSeconds;
        var all = latencies.SelectMany(l => l).Order().ToArray();
        return new DepthRow(
            depth, messages / elapsed, cpu / Math.Max(1, messages), 100 * pause / elapsed, GC.CollectionCount(2) - gen2Before,
            all[all.Length / 2], all[(int)(all.Length * 0.99)], GC.GetTotalMemory(false) / (1024 * 1024));
    }

    private readonly record struct DepthRow(
        int Depth, double MessagesPerSecond, double CpuUsPerMessage, double GcPausePercent, int Gen2Collections, double P50, double P99, long ResidentMb);

    private static string Option(string[] args, string name, string fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : fallback;
    }
}
