namespace PostOffice.Broker.Queues;

/// <summary>A queue as the edges need to address it.</summary>
/// <param name="Name">The queue name (ends in ".fifo" for FIFO queues).</param>
/// <param name="Arn">arn:aws:sqs:{region}:{account}:{name}</param>
public sealed record QueueDescription(string Name, string Arn, bool IsFifo, DateTimeOffset CreatedAt);

public sealed record CreateQueueRequest(string Name, IReadOnlyDictionary<string, string> Attributes, IReadOnlyDictionary<string, string> Tags);

/// <param name="NextToken">Opaque; pass back to get the next page. Null on the last page.</param>
public sealed record QueuePage(IReadOnlyList<string> QueueNames, string? NextToken);

/// <summary>A message attribute: String, Number or Binary, optionally with a custom label ("Number.float").</summary>
public sealed record MessageAttributeValue(string DataType, string? StringValue, byte[]? BinaryValue);

public sealed record SendMessageRequest
{
    public required string Body { get; init; }

    public IReadOnlyDictionary<string, MessageAttributeValue> MessageAttributes { get; init; } = EmptyAttributes;

    /// <summary>Only AWSTraceHeader (String) is allowed.</summary>
    public IReadOnlyDictionary<string, MessageAttributeValue> MessageSystemAttributes { get; init; } = EmptyAttributes;

    /// <summary>0-900 s; null: the queue's DelaySeconds. Not allowed per message on FIFO queues.</summary>
    public int? DelaySeconds { get; init; }

    public string? MessageGroupId { get; init; }

    public string? MessageDeduplicationId { get; init; }

    /// <summary>Who sent it (AWS account id or access key id); returned as the SenderId system attribute.</summary>
    public string SenderId { get; init; } = "000000000000";

    /// <summary>
    /// The MD5 of the UTF-8 body (16 bytes), when the edge computed it for its own answer: kept with the message and
    /// returned with every receive (<see cref="ReceivedMessage.BodyMd5"/>), so that no receive hashes the body again.
    /// </summary>
    public byte[]? BodyMd5 { get; init; }

    public static IReadOnlyDictionary<string, MessageAttributeValue> EmptyAttributes { get; } = new Dictionary<string, MessageAttributeValue>();
}

/// <param name="SequenceNumber">FIFO queues only.</param>
public sealed record SendMessageResult(string MessageId, string? SequenceNumber);

/// <summary>Exactly one of <see cref="Result"/> and <see cref="Error"/> is set.</summary>
public readonly record struct SendOutcome(SendMessageResult? Result, QueueError? Error);

public sealed record ReceiveMessagesRequest
{
    /// <summary>1-10.</summary>
    public int MaxNumberOfMessages { get; init; } = 1;

    /// <summary>0-43200 s; null: the queue's VisibilityTimeout.</summary>
    public int? VisibilityTimeout { get; init; }

    /// <summary>0-20 s; null: the queue's ReceiveMessageWaitTimeSeconds.</summary>
    public int? WaitTimeSeconds { get; init; }

    /// <summary>FIFO queues: retrying with the same id within 5 minutes returns the same messages.</summary>
    public string? ReceiveRequestAttemptId { get; init; }
}

/// <summary>A received message with every system attribute; the edge returns those the caller asked for.</summary>
/// <param name="BodyMd5">The MD5 of the UTF-8 body as the sender's edge gave it (<see cref="SendMessageRequest.BodyMd5"/>); null when not known.</param>
public sealed record ReceivedMessage(
    string MessageId,
    string ReceiptHandle,
    string Body,
    IReadOnlyDictionary<string, MessageAttributeValue> MessageAttributes,
    IReadOnlyDictionary<string, MessageAttributeValue> MessageSystemAttributes,
    MessageSystemProperties System,
    byte[]? BodyMd5 = null);

/// <summary>The system attributes of a received message (AWS names in comments).</summary>
public sealed record MessageSystemProperties(
    int ApproximateReceiveCount,
    long SentTimestamp,                     // epoch milliseconds
    long ApproximateFirstReceiveTimestamp,  // epoch milliseconds
    string SenderId,
    string? SequenceNumber,
    string? MessageGroupId,
    string? MessageDeduplicationId,
    string? AwsTraceHeader,                 // AWSTraceHeader
    string? DeadLetterQueueSourceArn);

public readonly record struct VisibilityChange(string ReceiptHandle, int VisibilityTimeout);

public sealed record MessageMoveTask(
    string TaskHandle,
    string Status,                          // RUNNING, COMPLETED, CANCELLING, CANCELLED, FAILED
    string SourceArn,
    string? DestinationArn,
    int? MaxNumberOfMessagesPerSecond,
    long ApproximateNumberOfMessagesMoved,
    long ApproximateNumberOfMessagesToMove,
    string? FailureReason,
    long StartedTimestamp);                 // epoch milliseconds
