using PostOffice.Broker.Queues;

namespace PostOffice.Broker.Topics;

/// <param name="ServiceEndpoint">Scheme and authority the client called (<c>http://127.0.0.1:4566</c>): the URLs an envelope carries lead back there.</param>
public sealed record CreateTopicRequest(string Name, IReadOnlyDictionary<string, string> Attributes, IReadOnlyDictionary<string, string> Tags);

/// <param name="NextToken">Opaque; pass back for the next page. Null on the last page.</param>
public sealed record TopicPage(IReadOnlyList<string> TopicArns, string? NextToken);

public sealed record SubscribeRequest(
    string TopicArn,
    string Protocol,
    string? Endpoint,
    IReadOnlyDictionary<string, string> Attributes,
    bool ReturnSubscriptionArn,
    string ServiceEndpoint);

/// <summary>A subscription as the List* calls return it; the ARN is <c>PendingConfirmation</c> until confirmed.</summary>
public sealed record SubscriptionSummary(string SubscriptionArn, string Owner, string Protocol, string Endpoint, string TopicArn);

public sealed record SubscriptionPage(IReadOnlyList<SubscriptionSummary> Subscriptions, string? NextToken);

public sealed record PublishRequest
{
    public required string Message { get; init; }

    public string? Subject { get; init; }

    /// <summary>"json": <see cref="Message"/> is a JSON object with a "default" entry and optional per-protocol entries.</summary>
    public string? MessageStructure { get; init; }

    public IReadOnlyDictionary<string, MessageAttributeValue> MessageAttributes { get; init; } = SendMessageRequest.EmptyAttributes;

    public string? MessageGroupId { get; init; }

    public string? MessageDeduplicationId { get; init; }

    /// <summary>Scheme and authority the client called; SigningCertURL and UnsubscribeURL point there.</summary>
    public string ServiceEndpoint { get; init; } = "http://127.0.0.1:4566";
}

/// <param name="SequenceNumber">FIFO topics only.</param>
public sealed record PublishResult(string MessageId, string? SequenceNumber);

/// <summary>Exactly one of <see cref="Result"/> and <see cref="Error"/> is set.</summary>
public readonly record struct PublishOutcome(PublishResult? Result, TopicError? Error);
