using PostOffice.Load.Output;
using PostOffice.Load.Statistics;

namespace PostOffice.Load.Aws;

/// <summary>
/// A scenario whose messages travel on (SNS to subscribed queues or to an HTTP endpoint): the run starts counting
/// before the first publish, and after the last one waits for the deliveries still on their way.
/// </summary>
internal interface IAwsDeliveries
{
    /// <summary>Starts receiving (consumer loops, or counting at the endpoint) for a run measured over <paramref name="window"/>.</summary>
    void StartReceiving(MeasuredWindow window);

    /// <summary>
    /// Waits until every expected delivery has arrived, or none has arrived for <paramref name="drain"/>, then stops
    /// receiving.
    /// </summary>
    Task StopReceivingAsync(TimeSpan drain, CancellationToken cancellationToken);

    /// <summary>Adds the delivery metrics; returns why the deliveries fail the run, or null.</summary>
    string? AddMetrics(MetricList metrics, MeasuredWindow window);

    /// <summary>Messages were published but none arrived anywhere: the target does not deliver this way. Null when some did.</summary>
    string? NothingDelivered();
}
