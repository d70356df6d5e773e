namespace PostOffice.Broker.Delivery;

/// <summary>What the scheduler reports back: the topic engine makes the outcome durable.</summary>
public interface IDeliveryOutcomeSink
{
    /// <summary>The endpoint answered 2xx: the pending delivery is done (a crash may lose the mark: it is pushed again).</summary>
    ValueTask DeliveredAsync(HttpDelivery delivery);

    /// <summary>
    /// Attempt <paramref name="attempts"/> failed and the next one is due at <paramref name="nextAttemptAt"/>: recorded
    /// without waiting for the disk, so a restart resumes the policy there (a lost record only repeats attempts).
    /// </summary>
    void RetryScheduled(HttpDelivery delivery, int attempts, DateTimeOffset nextAttemptAt);

    /// <summary>Every retry failed: move to the dead-letter queue, or drop.</summary>
    ValueTask ExhaustedAsync(HttpDelivery delivery);

    /// <summary>False once the delivery's subscription is gone (unsubscribed, topic deleted): it is then abandoned.</summary>
    bool IsSubscribed(HttpDelivery delivery);

    /// <summary>The subscription went away before the delivery succeeded: the pending delivery is done, undelivered.</summary>
    ValueTask AbandonedAsync(HttpDelivery delivery);
}
