using PostOffice.Load.Statistics;

namespace PostOffice.Load.Output;

/// <summary>Builds the ordered figures of a <see cref="RunResult"/>.</summary>
internal sealed class MetricList : List<KeyValuePair<string, double>>
{
    public void Add(string name, double value) => Add(KeyValuePair.Create(name, value));

    /// <summary>count, mean, p50, p90, p99, p999 and max in microseconds, under <paramref name="prefix"/>.</summary>
    public void AddLatency(string prefix, LatencyHistogram nanoseconds)
    {
        Add($"{prefix}_count", nanoseconds.Count);
        if (nanoseconds.Count == 0)
        {
            return;
        }

        Add($"{prefix}_mean_us", nanoseconds.Mean / 1000);
        Add($"{prefix}_p50_us", nanoseconds.ValueAtPercentile(50) / 1000.0);
        Add($"{prefix}_p90_us", nanoseconds.ValueAtPercentile(90) / 1000.0);
        Add($"{prefix}_p99_us", nanoseconds.ValueAtPercentile(99) / 1000.0);
        Add($"{prefix}_p999_us", nanoseconds.ValueAtPercentile(99.9) / 1000.0);
        Add($"{prefix}_max_us", nanoseconds.Max / 1000.0);
    }
}
