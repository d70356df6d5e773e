using PostOffice.Storage;

namespace PostOffice.Broker.Queues;

internal enum MessageState : byte
{
    Ready,
    Delayed,
    InFlight,
    Deleted,
}

/// <summary>
/// A message outside its queue's store: built before it is stored (send, replay, snapshot restore), or a detached
/// copy of a removed one (moves, expiry). Inside the store a message is a <see cref="MessageSlot"/>.
/// </summary>
internal sealed class QueuedMessage
{
    public long Seq { get; set; }

    public Guid MessageId { get; init; }

    /// <summary>The enqueue record in the log (retained until the message is deleted).</summary>
    public LogPosition Position { get; set; }

    /// <summary>The enqueue record's payload while resident in memory; null when it must be read back from the log.</summary>
    public byte[]? Payload { get; set; }

    public long SentTimestamp { get; init; }

    public string? GroupId { get; init; }

    public string? DeduplicationId { get; init; }

    public MessageState State { get; set; }

    /// <summary>Epoch milliseconds when a delayed or in-flight message becomes visible.</summary>
    public long VisibleAt { get; set; }

    public int ReceiveCount { get; set; }

    public long FirstReceiveTimestamp { get; set; }

    /// <summary>When the current receive happened: visibility can be extended to at most 12 hours after it.</summary>
    public long ReceivedAt { get; set; }

    /// <summary>Identifies the latest receive; a receipt handle carrying another nonce is stale.</summary>
    public long ReceiptNonce { get; set; }

    /// <summary>Bumped on every state change so that stale entries in the timing heap and ready lists are skipped.</summary>
    public int Version { get; set; }
}
