using PostOffice.Broker.Delivery;

namespace PostOffice.Broker.Topics;

/// <summary>One subscription. Its parsed policies are replaced whole when attributes change.</summary>
internal sealed class Subscription(long id, string arn, string topicArn, string protocol, string endpoint)
{
    public long Id { get; } = id;

    public string Arn { get; } = arn;

    public string TopicArn { get; } = topicArn;

    /// <summary>sqs, http or https (see <see cref="SubscriptionProtocols"/>).</summary>
    public string Protocol { get; } = protocol;

    public string Endpoint { get; } = endpoint;

    public Dictionary<string, string> Attributes { get; set; } = new(StringComparer.Ordinal);

    public bool Confirmed { get; set; }

    public string? Token { get; set; }

    public bool ConfirmationWasAuthenticated { get; set; }

    public FilterPolicy? Filter { get; set; }

    public DeliveryPolicy? DeliveryPolicy { get; set; }

    /// <summary>The dead-letter queue ARN of the RedrivePolicy, if any.</summary>
    public string? DeadLetterTargetArn { get; set; }

    public bool RawMessageDelivery => Attributes.GetValueOrDefault("RawMessageDelivery") == "true";

    public bool IsHttp => Protocol is "http" or "https";

    public SubscriptionSummary Summary(string owner) => new(Confirmed ? Arn : "PendingConfirmation", owner, Protocol, Endpoint, TopicArn);
}
