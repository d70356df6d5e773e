using System.Globalization;

namespace PostOffice.Load.Targets;

/// <summary>Resident memory of a process from /proc/PID/status (Linux).</summary>
public static class ProcessMemory
{
    /// <summary>VmRSS in bytes; null when the process is gone or /proc is not there.</summary>
    public static long? ReadRssBytes(int pid)
    {
        try
        {
            return ParseVmRss(File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/status"));
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    public static long? ReadOwnRssBytes() => ReadRssBytes(Environment.ProcessId);

    /// <summary>The "VmRSS:   12345 kB" line of a status file, in bytes.</summary>
    public static long? ParseVmRss(string status)
    {
        ArgumentNullException.ThrowIfNull(status);
        foreach (var line in status.Split('\n'))
        {
            if (!line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                continue;
            }

            var fields = line["VmRSS:".Length..].Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length >= 1 && long.TryParse(fields[0], NumberStyles.None, CultureInfo.InvariantCulture, out var kilobytes))
            {
                return kilobytes * 1024;
            }
        }

        return null;
    }

    /// <summary>
    /// Samples every <paramref name="interval"/> until three samples in a row lie within 1% (and at least 512 KiB) of
    /// each other, or <paramref name="timeout"/> passes; returns the last sample. Memory right after a burst of
    /// connections is still moving (allocator, GC), so a single sample would be noise.
    /// </summary>
    public static async Task<long?> SettleAsync(Func<long?> sample, TimeSpan interval, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sample);
        var deadline = DateTime.UtcNow + timeout;
        var recent = new Queue<long>();
        long? last = null;
        while (true)
        {
            last = sample();
            if (last is null)
            {
                return null;
            }

            recent.Enqueue(last.Value);
            if (recent.Count > 3)
            {
                recent.Dequeue();
            }

            if (recent.Count == 3 && IsStable(recent))
            {
                return last;
            }

            if (DateTime.UtcNow >= deadline)
            {
                return last;
            }

            await Task.Delay(interval, cancellationToken);
        }
    }

    internal static bool IsStable(IReadOnlyCollection<long> samples)
    {
        var spread = samples.Max() - samples.Min();
        return spread <= Math.Max(512 * 1024, samples.Max() / 100);
    }
}
