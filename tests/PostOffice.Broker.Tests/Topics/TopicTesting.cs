using PostOffice.Broker.Queues;
using PostOffice.Broker.Topics;

namespace PostOffice.Broker.Tests.Topics;

public static class TopicTesting
{
    public const string Endpoint = "http://127.0.0.1:4566";

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public static Task<string> CreateTopicAsync(this TopicEngine engine, string name, Dictionary<string, string>? attributes = null, Dictionary<string, string>? tags = null) =>
        engine.CreateTopicAsync(new CreateTopicRequest(name, attributes ?? [], tags ?? []), Token);

    public static Task<string> SubscribeAsync(this TopicEngine engine, string topicArn, string protocol, string endpoint, Dictionary<string, string>? attributes = null) =>
        engine.SubscribeAsync(new SubscribeRequest(topicArn, protocol, endpoint, attributes ?? [], ReturnSubscriptionArn: true, Endpoint), Token);

    public static async Task<string> QueueAsync(this QueueEngine queues, string name)
    {
        var attributes = name.EndsWith(".fifo", StringComparison.Ordinal) ? new Dictionary<string, string> { ["FifoQueue"] = "true" } : [];
        return (await queues.CreateQueueAsync(new CreateQueueRequest(name, attributes, new Dictionary<string, string>()), Token)).Arn;
    }

    public static ValueTask<PublishResult> PublishAsync(this TopicEngine engine, string topicArn, string message, Dictionary<string, MessageAttributeValue>? attributes = null, string? group = null, string? deduplicationId = null, string? subject = null) =>
        engine.PublishAsync(topicArn, new PublishRequest
        {
            Message = message,
            MessageAttributes = attributes ?? [],
            MessageGroupId = group,
            MessageDeduplicationId = deduplicationId,
            Subject = subject,
            ServiceEndpoint = Endpoint,
        }, Token);

    public static async Task<List<ReceivedMessage>> DrainAsync(this QueueEngine queues, string name)
    {
        var all = new List<ReceivedMessage>();
        while (true)
        {
            var batch = await queues.ReceiveMessagesAsync(name, new ReceiveMessagesRequest { MaxNumberOfMessages = 10, VisibilityTimeout = 300 }, Token);
            if (batch.Count == 0)
            {
                return all;
            }

            all.AddRange(batch);
            await queues.DeleteMessagesAsync(name, [.. batch.Select(m => m.ReceiptHandle)], Token);
        }
    }

    public static Dictionary<string, MessageAttributeValue> Attribute(string name, string value, string type = "String") => new() { [name] = new(type, value, null) };
}
