namespace PostOffice.Broker.Queues;

/// <summary>What a message carries besides its state: read from the log (or memory) when it is received.</summary>
/// <param name="BodyMd5">The MD5 of the UTF-8 body when the sender's edge computed it; null when not known.</param>
internal sealed record MessageContent(
    string Body,
    IReadOnlyDictionary<string, MessageAttributeValue> Attributes,
    string SenderId,
    string? TraceHeader,
    string? DeadLetterQueueSourceArn,
    byte[]? BodyMd5 = null);
