using PostOffice.Broker.Queues;

namespace PostOffice.Broker.Topics;

/// <summary>One topic: its definition and subscriptions. <see cref="Gate"/> orders FIFO publishes.</summary>
internal sealed class Topic(long id, string name, string arn, bool fifo, long createdAt)
{
    public object Gate { get; } = new();

    public long Id { get; } = id;

    public string Name { get; } = name;

    public string Arn { get; } = arn;

    public bool IsFifo { get; } = fifo;

    public long CreatedAt { get; } = createdAt;

    /// <summary>The settable attributes as set (DisplayName, Policy, DeliveryPolicy...).</summary>
    public Dictionary<string, string> Attributes { get; set; } = new(StringComparer.Ordinal);

    public Dictionary<string, string> Tags { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Copy-on-write under the engine's definition gate; publishes read it without locking.</summary>
    public Subscription[] Subscriptions { get; set; } = [];

    public long SubscriptionsDeleted { get; set; }

    /// <summary>
    /// FIFO: deduplication key (<see cref="DeduplicationKey"/>) → first message, for 5 minutes. Each entry is a
    /// record in its publish's chunk (<see cref="TopicRecordKind.Deduplicated"/>) and is kept in snapshots, so the
    /// window survives restarts.
    /// </summary>
    public DeduplicationTable Deduplication { get; } = new();

    public long LastSequence { get; set; }

    public bool Deleted { get; set; }

    public bool ContentBasedDeduplication => Attributes.GetValueOrDefault("ContentBasedDeduplication") == "true";

    /// <summary>
    /// The key a deduplication id is remembered under: the id alone when FifoThroughputScope is Topic (the default),
    /// or the id within its message group when it is MessageGroup, as AWS scopes deduplication for that setting.
    /// </summary>
    public string DeduplicationKey(string deduplicationId, string? messageGroupId) =>
        Attributes.GetValueOrDefault("FifoThroughputScope") == "MessageGroup" ? $"{messageGroupId}\u0000{deduplicationId}" : deduplicationId;

    public int SignatureVersion => Attributes.GetValueOrDefault("SignatureVersion") == "2" ? 2 : 1;
}
