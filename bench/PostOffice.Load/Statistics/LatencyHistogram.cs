using System.Numerics;

namespace PostOffice.Load.Statistics;

/// <summary>
/// A log-linear histogram of nanosecond values in the manner of HdrHistogram: values below 256 are counted exactly,
/// larger ones fall in one of 128 buckets per power of two, so a reported percentile is at most 1/128 (0.8%) above
/// the true value and never below it. Memory is fixed (3,840 counters, 30 KiB) whatever the count; values above
/// <see cref="HighestTrackableValue"/> (68.7 s) are counted in the last bucket and still set <see cref="Max"/>.
/// Not thread-safe: give each writer its own and <see cref="Add"/> them at the end.
/// </summary>
public sealed class LatencyHistogram
{
    private const int SubBucketBits = 7;
    private const int SubBucketCount = 1 << SubBucketBits; // 128 buckets per power of two
    private const int ExactLimit = 2 * SubBucketCount; // values below 256 are exact
    private const int HighestBit = 36;

    /// <summary>The largest value that gets its own bucket: 2^36 - 1 ns, about 68.7 seconds.</summary>
    public const long HighestTrackableValue = (1L << HighestBit) - 1;

    private static readonly int BucketCount = IndexOf(HighestTrackableValue) + 1;

    private readonly long[] _counts = new long[BucketCount];

    public long Count { get; private set; }

    /// <summary>The exact largest value recorded (not a bucket bound); 0 when empty.</summary>
    public long Max { get; private set; }

    /// <summary>The exact smallest value recorded; 0 when empty.</summary>
    public long Min { get; private set; }

    private long _sum;

    /// <summary>The exact mean of the recorded values; 0 when empty.</summary>
    public double Mean => Count == 0 ? 0 : (double)_sum / Count;

    public void Record(long value)
    {
        if (value < 0)
        {
            value = 0;
        }

        _counts[IndexOf(Math.Min(value, HighestTrackableValue))]++;
        Min = Count == 0 ? value : Math.Min(Min, value);
        Count++;
        _sum += value;
        if (value > Max)
        {
            Max = value;
        }
    }

    public void Add(LatencyHistogram other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.Count == 0)
        {
            return;
        }

        for (var i = 0; i < _counts.Length; i++)
        {
            _counts[i] += other._counts[i];
        }

        Min = Count == 0 ? other.Min : Math.Min(Min, other.Min);
        Count += other.Count;
        _sum += other._sum;
        Max = Math.Max(Max, other.Max);
    }

    /// <summary>
    /// Nearest rank: the smallest value v such that at least <paramref name="percentile"/>% of the recorded values are
    /// at or below v, reported as the upper bound of v's bucket but never above <see cref="Max"/>. 0 when empty.
    /// </summary>
    public long ValueAtPercentile(double percentile)
    {
        if (percentile is < 0 or > 100 || double.IsNaN(percentile))
        {
            throw new ArgumentOutOfRangeException(nameof(percentile), percentile, "A percentile is between 0 and 100.");
        }

        if (Count == 0)
        {
            return 0;
        }

        var rank = Math.Max(1, (long)Math.Ceiling(Count * (percentile / 100.0)));
        long seen = 0;
        for (var i = 0; i < _counts.Length; i++)
        {
            seen += _counts[i];
            if (seen >= rank)
            {
                return Math.Max(Math.Min(UpperBoundOf(i), Max), Min);
            }
        }

        return Max;
    }

    internal static int IndexOf(long value)
    {
        if (value < ExactLimit)
        {
            return (int)value;
        }

        // value = mantissa << shift with mantissa in [128, 256); the buckets of each power of two follow the exact ones.
        var shift = (63 - BitOperations.LeadingZeroCount((ulong)value)) - SubBucketBits;
        var mantissa = (int)(value >> shift);
        return (shift << SubBucketBits) + mantissa;
    }

    internal static long UpperBoundOf(int index)
    {
        if (index < ExactLimit)
        {
            return index;
        }

        var shift = (index >> SubBucketBits) - 1;
        var mantissa = (index & (SubBucketCount - 1)) | SubBucketCount;
        return ((long)(mantissa + 1) << shift) - 1;
    }
}
