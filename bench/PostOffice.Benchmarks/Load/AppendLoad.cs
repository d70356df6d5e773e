using System.Collections;
using System.Globalization;
using System.Runtime;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace PostOffice.Benchmarks.Load;

/// <summary>
/// <c>append-load</c>: write-ahead log append throughput and acknowledgement latency for each writer count, next to
/// the raw write+fdatasync ceiling of the same disk. Prints one JSON line per run as it ends, then a markdown table.
/// Ctrl+C ends the current run early; the data directory is deleted either way.
/// </summary>
public static class AppendLoad
{
    /// <summary>Settings of the SDK and its CLI, left out of the description of the runtime's settings.</summary>
    private static readonly string[] SdkSettings = ["DOTNET_CLI_", "DOTNET_ROOT", "DOTNET_NOLOGO", "DOTNET_GENERATE_ASPNET_CERTIFICATE", "DOTNET_SKIP_FIRST_TIME_EXPERIENCE", "DOTNET_HOST_PATH"];

    public static async Task<int> RunAsync(string[] args)
    {
        AppendLoadOptions options;
        try
        {
            options = AppendLoadOptions.Parse(args);
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or OverflowException)
        {
            await Console.Error.WriteLineAsync(ex.Message).ConfigureAwait(false);
            return 2;
        }

        using var cancellation = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancellation.Cancel();
        };

        var root = Path.Combine(Path.GetFullPath(options.Directory), $"postoffice-append-load-{Environment.ProcessId}");
        Directory.CreateDirectory(root);
        await Console.Error.WriteLineAsync($"append-load: data in {root}; {options.WarmupSeconds} s warm-up + {options.Seconds} s measured per run").ConfigureAwait(false);
        var results = new List<LoadResult>();
        try
        {
            LoadResult? raw = null;
            if (!options.SkipRaw)
            {
                await Console.Error.WriteLineAsync("append-load: raw write+fdatasync ceiling, 1 writer").ConfigureAwait(false);
                raw = RawFsyncCeiling.Run(options, root, cancellation.Token);
                results.Add(raw);
                Console.WriteLine(ToJson(raw, options, raw));
            }

            foreach (var writers in options.Writers)
            {
                if (cancellation.IsCancellationRequested)
                {
                    break;
                }

                await Console.Error.WriteLineAsync($"append-load: {LoadResult.WalRun}, {writers} writer(s)").ConfigureAwait(false);
                var directory = Path.Combine(root, $"wal-{writers}");
                var result = await WalAppendRun.RunAsync(writers, options, directory, cancellation.Token).ConfigureAwait(false);
                Directory.Delete(directory, recursive: true);
                results.Add(result);
                Console.WriteLine(ToJson(result, options, raw));
            }

            Console.WriteLine();
            Console.WriteLine(Describe(options));
            Console.WriteLine();
            Console.WriteLine(ToMarkdown(results, raw));
            return cancellation.IsCancellationRequested ? 130 : 0;
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static string Describe(AppendLoadOptions options)
    {
        var settings = Environment.GetEnvironmentVariables()
            .Cast<DictionaryEntry>()
            .Select(entry => $"{entry.Key}={entry.Value}")
            .Where(setting => setting.StartsWith("DOTNET_", StringComparison.Ordinal) && !SdkSettings.Any(prefix => setting.StartsWith(prefix, StringComparison.Ordinal)))
            .Order(StringComparer.Ordinal)
            .ToList();
        return string.Create(
            CultureInfo.InvariantCulture,
            $"{options.RecordBytes}-byte records, {options.WarmupSeconds} s warm-up + {options.Seconds} s measured per run; " +
            $"{Environment.ProcessorCount} CPUs, {RuntimeInformation.FrameworkDescription}, {RuntimeInformation.OSDescription}; " +
            $"{(GCSettings.IsServerGC ? "Server" : "Workstation")} GC{(GCSettings.LatencyMode == GCLatencyMode.Interactive ? " (concurrent)" : string.Empty)}; " +
            $"runtime settings: {(settings.Count == 0 ? "defaults" : string.Join(' ', settings))}");
    }

    private static string ToMarkdown(List<LoadResult> results, LoadResult? raw)
    {
        var table = new StringBuilder();
        table.AppendLine("| Run | Writers | Appends/s | p50 µs | p99 µs | p99.9 µs | max µs | Records/fsync | µs/fsync | MB/s | CPU % | B/append | × raw |");
        table.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var result in results)
        {
            var latency = result.Latency;
            table.AppendLine(string.Create(
                CultureInfo.InvariantCulture,
                $"| {result.Name} | {result.Writers} | {result.AppendsPerSecond:N0} | {latency.GetMicrosecondsAtPercentile(50):N0} | {latency.GetMicrosecondsAtPercentile(99):N0} | " +
                $"{latency.GetMicrosecondsAtPercentile(99.9):N0} | {LatencyHistogram.ToMicroseconds(latency.MaxTicks):N0} | {result.RecordsPerFsync:N1} | {result.MicrosecondsPerFsync:N0} | " +
                $"{result.MegabytesPerSecond:N1} | {result.CpuPercent:N0} | {result.AllocatedBytesPerAppend:N1} | " +
                $"{(raw is null ? "-" : (result.AppendsPerSecond / raw.AppendsPerSecond).ToString("N2", CultureInfo.InvariantCulture))} |"));
        }

        return table.ToString();
    }

    private static string ToJson(LoadResult result, AppendLoadOptions options, LoadResult? raw)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("benchmark", result.Name == LoadResult.RawRun ? "raw-fdatasync" : "append-load");
            json.WriteNumber("writers", result.Writers);
            json.WriteNumber("recordBytes", options.RecordBytes);
            json.WriteNumber("seconds", Math.Round(result.Seconds, 3));
            json.WriteNumber("appends", result.Latency.Count);
            json.WriteNumber("appendsPerSecond", Math.Round(result.AppendsPerSecond));
            json.WriteNumber("p50Us", Math.Round(result.Latency.GetMicrosecondsAtPercentile(50), 1));
            json.WriteNumber("p99Us", Math.Round(result.Latency.GetMicrosecondsAtPercentile(99), 1));
            json.WriteNumber("p999Us", Math.Round(result.Latency.GetMicrosecondsAtPercentile(99.9), 1));
            json.WriteNumber("maxUs", Math.Round(LatencyHistogram.ToMicroseconds(result.Latency.MaxTicks), 1));
            json.WriteNumber("fsyncs", result.Fsyncs);
            json.WriteNumber("recordsPerFsync", Math.Round(result.RecordsPerFsync, 2));
            json.WriteNumber("usPerFsync", Math.Round(result.MicrosecondsPerFsync, 1));
            json.WriteNumber("megabytesPerSecond", Math.Round(result.MegabytesPerSecond, 2));
            json.WriteNumber("cpuPercent", Math.Round(result.CpuPercent, 1));
            json.WriteNumber("gen0Collections", result.GcCount);
            json.WriteNumber("allocatedBytesPerAppend", Math.Round(result.AllocatedBytesPerAppend, 1));
            if (raw is not null)
            {
                json.WriteNumber("ratioToRaw", Math.Round(result.AppendsPerSecond / raw.AppendsPerSecond, 3));
            }

            json.WriteBoolean("serverGc", GCSettings.IsServerGC);
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }
}
