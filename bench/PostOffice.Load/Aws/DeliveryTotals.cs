using PostOffice.Load.Output;
using PostOffice.Load.Statistics;

namespace PostOffice.Load.Aws;

/// <summary>The deliveries of every destination of a run, summed; then its metrics and verdict.</summary>
internal sealed class DeliveryTotals
{
    public long Distinct { get; set; }

    public long Duplicates { get; set; }

    public long ReceivedInWindow { get; set; }

    public long Malformed { get; set; }

    public long Errors { get; set; }

    public string? FirstError { get; set; }

    public LatencyHistogram Latency { get; } = new();

    /// <summary>
    /// delivered_per_s (deliveries received inside the window), delivered (distinct), expected_deliveries
    /// (successful publishes times the fan-out), undelivered, duplicates, delivery_errors and delivery_latency_*.
    /// </summary>
    public void AddMetrics(MetricList metrics, MeasuredWindow window, long expected)
    {
        metrics.Add("delivered_per_s", window.PerSecond(ReceivedInWindow));
        metrics.Add("delivered", Distinct);
        metrics.Add("expected_deliveries", expected);
        metrics.Add("undelivered", Math.Max(0, expected - Distinct));
        metrics.Add("duplicates", Duplicates);
        metrics.Add("delivery_errors", Errors);
        metrics.AddLatency("delivery_latency", Latency);
    }

    /// <summary>Why the deliveries make the run fail (receive errors, messages without the stamp), or null.</summary>
    public string? Failure()
    {
        if (Errors > 0)
        {
            return $"{Errors:N0} delivery error(s), first: {FirstError}";
        }

        return Malformed > 0 ? $"{Malformed:N0} deliveries without this tool's stamp" : null;
    }
}
