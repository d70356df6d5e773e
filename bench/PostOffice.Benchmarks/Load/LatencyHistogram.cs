using System.Diagnostics;
using System.Numerics;

namespace PostOffice.Benchmarks.Load;

/// <summary>
/// A log-linear histogram of <see cref="Stopwatch"/> tick counts, in the manner of HdrHistogram: values below 128 are
/// exact, larger ones land in one of 64 buckets per power of two, so a reported percentile is at most 1/64 (1.6%)
/// above the true value. Recording allocates nothing; one instance per writer avoids sharing.
/// </summary>
public sealed class LatencyHistogram
{
    private const int SubBucketBits = 6; // 64 buckets per power of two
    private const int ExactLimit = 2 << SubBucketBits; // values below 128 ticks are counted exactly
    private const int BucketCount = ((63 - SubBucketBits) * (1 << SubBucketBits)) + ExactLimit;

    private readonly long[] _counts = new long[BucketCount];

    public long Count { get; private set; }

    public long MaxTicks { get; private set; }

    public void Record(long ticks)
    {
        if (ticks < 0)
        {
            ticks = 0;
        }

        _counts[IndexOf(ticks)]++;
        Count++;
        if (ticks > MaxTicks)
        {
            MaxTicks = ticks;
        }
    }

    public void Add(LatencyHistogram other)
    {
        for (var i = 0; i < _counts.Length; i++)
        {
            _counts[i] += other._counts[i];
        }

        Count += other.Count;
        MaxTicks = Math.Max(MaxTicks, other.MaxTicks);
    }

    /// <summary>The smallest recorded value (bucket upper bound) such that <paramref name="percentile"/>% of values are at or below it.</summary>
    public long GetTicksAtPercentile(double percentile)
    {
        if (Count == 0)
        {
            return 0;
        }

        var rank = Math.Max(1, (long)Math.Ceiling(Count * percentile / 100.0));
        long seen = 0;
        for (var i = 0; i < _counts.Length; i++)
        {
            seen += _counts[i];
            if (seen >= rank)
            {
                return Math.Min(UpperBoundOf(i), MaxTicks);
            }
        }

        return MaxTicks;
    }

    public double GetMicrosecondsAtPercentile(double percentile) => ToMicroseconds(GetTicksAtPercentile(percentile));

    public static double ToMicroseconds(long ticks) => ticks * 1_000_000.0 / Stopwatch.Frequency;

    private static int IndexOf(long value)
    {
        if (value < ExactLimit)
        {
            return (int)value;
        }

        // value = mantissa << exponent with mantissa in [64, 128): 64 buckets per power of two, contiguous after the exact ones.
        var exponent = (63 - BitOperations.LeadingZeroCount((ulong)value)) - SubBucketBits;
        var mantissa = (int)(value >> exponent);
        return (exponent << SubBucketBits) + mantissa;
    }

    private static long UpperBoundOf(int index)
    {
        if (index < ExactLimit)
        {
            return index;
        }

        var exponent = (index >> SubBucketBits) - 1;
        var mantissa = (index & ((1 << SubBucketBits) - 1)) | (1 << SubBucketBits);
        return ((long)(mantissa + 1) << exponent) - 1;
    }
}
