namespace PostOffice.Broker.Topics;

/// <summary>
/// The topic engine as the protocol edges see it: SNS semantics, no wire formats. Topics and subscriptions are named
/// by ARN. Request-level failures throw <see cref="TopicException"/>; per-entry failures of PublishBatch come back
/// as <see cref="TopicError"/> values in entry order.
/// </summary>
/// <remarks>
/// A publish completes only once every delivery it produced is durable: the enqueues into subscribed queues and the
/// pending HTTP deliveries are one atomic log write (ARCH §2).
/// </remarks>
public interface ITopicService
{
    /// <summary>Creates a topic, or returns the existing one's ARN when the attributes given match it.</summary>
    Task<string> CreateTopicAsync(CreateTopicRequest request, CancellationToken cancellationToken);

    Task DeleteTopicAsync(string topicArn, CancellationToken cancellationToken);

    /// <summary>Topic ARNs in name order, 100 per page.</summary>
    Task<TopicPage> ListTopicsAsync(string? nextToken, CancellationToken cancellationToken);

    Task<IReadOnlyDictionary<string, string>> GetTopicAttributesAsync(string topicArn, CancellationToken cancellationToken);

    Task SetTopicAttributeAsync(string topicArn, string name, string? value, CancellationToken cancellationToken);

    /// <summary>
    /// Adds a statement labelled <paramref name="label"/> to the topic's Policy allowing <paramref name="accountIds"/>
    /// the <paramref name="actionNames"/> (SNS action names: Publish, Subscribe...).
    /// </summary>
    Task AddPermissionAsync(string topicArn, string label, IReadOnlyList<string> accountIds, IReadOnlyList<string> actionNames, CancellationToken cancellationToken);

    /// <summary>Removes the statement labelled <paramref name="label"/> from the topic's Policy.</summary>
    Task RemovePermissionAsync(string topicArn, string label, CancellationToken cancellationToken);

    /// <summary>The subscription ARN, or "pending confirmation" for an unconfirmed HTTP(S) subscription unless asked for the ARN.</summary>
    Task<string> SubscribeAsync(SubscribeRequest request, CancellationToken cancellationToken);

    Task<string> ConfirmSubscriptionAsync(string topicArn, string token, bool authenticateOnUnsubscribe, CancellationToken cancellationToken);

    Task UnsubscribeAsync(string subscriptionArn, CancellationToken cancellationToken);

    /// <summary>Every subscription (100 per page), or those of one topic when <paramref name="topicArn"/> is set.</summary>
    Task<SubscriptionPage> ListSubscriptionsAsync(string? topicArn, string? nextToken, CancellationToken cancellationToken);

    Task<IReadOnlyDictionary<string, string>> GetSubscriptionAttributesAsync(string subscriptionArn, CancellationToken cancellationToken);

    Task SetSubscriptionAttributeAsync(string subscriptionArn, string name, string? value, CancellationToken cancellationToken);

    ValueTask<PublishResult> PublishAsync(string topicArn, PublishRequest request, CancellationToken cancellationToken);

    /// <summary>Up to 10 entries, stored in one atomic write; one outcome per entry.</summary>
    ValueTask<IReadOnlyList<PublishOutcome>> PublishBatchAsync(string topicArn, IReadOnlyList<PublishRequest> entries, CancellationToken cancellationToken);

    Task<IReadOnlyDictionary<string, string>> ListTagsForResourceAsync(string resourceArn, CancellationToken cancellationToken);

    Task TagResourceAsync(string resourceArn, IReadOnlyDictionary<string, string> tags, CancellationToken cancellationToken);

    Task UntagResourceAsync(string resourceArn, IReadOnlyCollection<string> tagKeys, CancellationToken cancellationToken);

    /// <summary>The PEM certificate whose key signs notification envelopes (served at the envelopes' SigningCertURL).</summary>
    string SigningCertificatePem { get; }
}
