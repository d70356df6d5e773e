namespace PostOffice.Broker.Delivery;

/// <summary>What the scheduler reports back: the topic engine makes the outcome durable.</summary>
public interface IDeliveryOutcomeSink
{
    /// <summary>The endpoint answered 2xx: the pending delivery is done.</summary>
    ValueTask DeliveredAsync(HttpDelivery delivery);

    /// <summary>Every retry failed: move to the dead-letter queue, or drop.</summary>
    ValueTask ExhaustedAsync(HttpDelivery delivery);

    /// <summary>False once the delivery's subscription is gone (unsubscribed, topic deleted): it is then abandoned.</summary>
    bool IsSubscribed(HttpDelivery delivery);

    /// <summary>The subscription went away before the delivery succeeded: the pending delivery is done, undelivered.</summary>
    ValueTask AbandonedAsync(HttpDelivery delivery);
}
