using Microsoft.Extensions.Logging;

namespace PostOffice.Broker.Topics;

/// <summary>Log messages of the topic engine. Event ids 300-399; next free: 306.</summary>
internal static partial class TopicLog
{
    [LoggerMessage(300, LogLevel.Information, "{Topics} topic(s) and {Subscriptions} subscription(s) loaded from the catalog")]
    public static partial void Loaded(ILogger logger, int topics, int subscriptions);

    [LoggerMessage(301, LogLevel.Information, "Topic {Name} created (id {Id})")]
    public static partial void Created(ILogger logger, string name, long id);

    [LoggerMessage(302, LogLevel.Information, "Topic {Name} deleted")]
    public static partial void Deleted(ILogger logger, string name);

    [LoggerMessage(303, LogLevel.Warning, "Message {MessageId} of {TopicArn} not delivered to {SubscriptionArn}: {Reason}")]
    public static partial void NotDelivered(ILogger logger, string messageId, string topicArn, string subscriptionArn, string reason);

    [LoggerMessage(304, LogLevel.Warning, "Message {MessageId} dropped: every retry to {Endpoint} failed and subscription {SubscriptionArn} has no dead-letter queue")]
    public static partial void Dropped(ILogger logger, string messageId, string endpoint, string subscriptionArn);

    [LoggerMessage(305, LogLevel.Information, "{Count} pending HTTP delivery(ies) resumed after restart")]
    public static partial void Resumed(ILogger logger, int count);
}
