namespace PostOffice.Load.Report;

/// <summary>How a metric is shown: its heading, and whether it is a rate, a latency or something else (for the charts).</summary>
public static class MetricCatalog
{
    public enum Kind
    {
        Rate,
        Latency,
        Other,
    }

    public static (string Heading, Kind Kind) Describe(string metric) => metric switch
    {
        "published_per_s" => ("published msgs/s", Kind.Rate),
        "delivered_per_s" => ("deliveries/s", Kind.Rate),
        "requests_per_s" => ("requests/s", Kind.Rate),
        "messages_per_s" => ("messages/s", Kind.Rate),
        "connect_per_s" => ("connects/s", Kind.Rate),
        "lost" => ("lost", Kind.Other),
        "undelivered" => ("undelivered", Kind.Other),
        "duplicates" => ("duplicates", Kind.Other),
        "errors" => ("errors", Kind.Other),
        "dropped" => ("dropped connections", Kind.Other),
        "server_rss_per_connection_bytes" => ("server RSS bytes/connection", Kind.Other),
        "server_heap_per_connection_bytes" => ("server heap bytes/connection", Kind.Other),
        "client_rss_per_connection_bytes" => ("load tool RSS bytes/connection", Kind.Other),
        _ when metric.EndsWith("_us", StringComparison.Ordinal) => (LatencyHeading(metric), Kind.Latency),
        _ => (metric, Kind.Other),
    };

    /// <summary>The metrics a mode's table shows when none are named.</summary>
    public static IReadOnlyList<string> Headline(string mode) => mode switch
    {
        "mqtt-pubsub" => ["published_per_s", "delivered_per_s", "latency_p50_us", "latency_p90_us", "latency_p99_us", "latency_max_us", "ack_latency_p50_us", "ack_latency_p99_us", "lost", "duplicates"],
        "mqtt-idle" => ["connect_per_s", "server_rss_per_connection_bytes", "server_heap_per_connection_bytes", "client_rss_per_connection_bytes", "dropped"],
        "sns-publish" => ["published_per_s", "delivered_per_s", "latency_p50_us", "latency_p99_us", "delivery_latency_p50_us", "delivery_latency_p99_us", "undelivered", "duplicates", "errors"],
        "sns-http-push" => ["published_per_s", "delivered_per_s", "delivery_latency_p50_us", "delivery_latency_p90_us", "delivery_latency_p99_us", "delivery_latency_max_us", "latency_p99_us", "schedule_lag_p99_us", "undelivered", "errors"],
        _ => ["requests_per_s", "messages_per_s", "latency_p50_us", "latency_p90_us", "latency_p99_us", "latency_max_us", "errors"],
    };

    private static string LatencyHeading(string metric)
    {
        // latency_p99_us -> "latency p99 (µs)"; ack_latency_p50_us -> "ack latency p50 (µs)"
        var words = metric[..^"_us".Length].Replace('_', ' ');
        return $"{words} (µs)";
    }
}
