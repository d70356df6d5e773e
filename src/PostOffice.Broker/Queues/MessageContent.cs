namespace PostOffice.Broker.Queues;

/// <summary>What a message carries besides its state: read from the log (or memory) when it is received.</summary>
internal sealed record MessageContent(
    string Body,
    IReadOnlyDictionary<string, MessageAttributeValue> Attributes,
    string SenderId,
    string? TraceHeader,
    string? DeadLetterQueueSourceArn);
