using System.Diagnostics;

namespace PostOffice.Load.Statistics;

/// <summary>
/// The measured part of a run, in <see cref="Stopwatch"/> timestamps: it starts after the warm-up and lasts the
/// configured duration. Events stamped outside it (warm-up, drain) are excluded from rates and latencies. On Linux the
/// timestamps come from CLOCK_MONOTONIC, so timestamps taken by different processes on the machine compare directly.
/// </summary>
public readonly record struct MeasuredWindow(long StartTimestamp, long EndTimestamp)
{
    public static MeasuredWindow Starting(long now, TimeSpan warmup, TimeSpan duration)
    {
        var start = now + ToTicks(warmup);
        return new MeasuredWindow(start, start + ToTicks(duration));
    }

    public double Seconds => Math.Max(0, EndTimestamp - StartTimestamp) / (double)Stopwatch.Frequency;

    /// <summary>Start inclusive, end exclusive.</summary>
    public bool Contains(long timestamp) => timestamp >= StartTimestamp && timestamp < EndTimestamp;

    /// <summary>Events per second over the window; 0 for an empty window rather than infinity or NaN.</summary>
    public double PerSecond(long count) => Rates.PerSecond(count, Seconds);

    /// <summary>The same window cut short at <paramref name="endTimestamp"/> (a run that ran out of work early).</summary>
    public MeasuredWindow EndingAt(long endTimestamp) =>
        this with { EndTimestamp = Math.Clamp(endTimestamp, StartTimestamp, EndTimestamp) };

    public static long ToTicks(TimeSpan span) => (long)(span.TotalSeconds * Stopwatch.Frequency);

    public static long ToNanoseconds(long ticks) =>
        Stopwatch.Frequency == 1_000_000_000 ? ticks : (long)(ticks * (1_000_000_000.0 / Stopwatch.Frequency));
}
