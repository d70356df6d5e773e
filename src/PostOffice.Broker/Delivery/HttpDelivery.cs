using PostOffice.Broker.Queues;

namespace PostOffice.Broker.Delivery;

/// <summary>
/// One pending POST to an HTTP(S) subscription: durable from the publish that produced it until it is delivered or
/// moved to the subscription's dead-letter queue. <see cref="Attempts"/> and <see cref="NextAttemptAt"/> say how far
/// its retry policy had got, so that a restart resumes it there.
/// </summary>
/// <param name="MessageType">x-amz-sns-message-type: Notification, SubscriptionConfirmation or UnsubscribeConfirmation.</param>
/// <param name="Body">The POST body: the JSON envelope, or the message itself for raw delivery.</param>
/// <param name="RawAttributes">Raw delivery only: the message attributes, kept for a dead-letter queue.</param>
public sealed record HttpDelivery(
    Guid Id,
    long SubscriptionId,
    string SubscriptionArn,
    string TopicArn,
    string Endpoint,
    string MessageType,
    string MessageId,
    string Body,
    bool Raw,
    IReadOnlyDictionary<string, MessageAttributeValue>? RawAttributes)
{
    /// <summary>Attempts made and failed so far (0: none recorded).</summary>
    public int Attempts { get; init; }

    /// <summary>When the next attempt is due, in Unix milliseconds; 0: at once.</summary>
    public long NextAttemptAt { get; init; }
}
