using PostOffice.Storage;

namespace PostOffice.Broker.Queues;

/// <summary>
/// One stored message's state inside <see cref="MessageStore"/>: a struct without object references, kept in large
/// slabs, so a deep queue adds no objects for the garbage collector to promote, trace or scan for cards. Strings
/// (group and deduplication ids) and bodies live beside it: the group in the store's group table, the body in the
/// <see cref="PayloadArena"/>.
/// </summary>
internal struct MessageSlot
{
    public long Seq;

    public Guid MessageId;

    /// <summary>The enqueue record in the log (retained until the message is deleted).</summary>
    public LogPosition Position;

    public long SentTimestamp;

    /// <summary>Epoch milliseconds when a delayed or in-flight message becomes visible.</summary>
    public long VisibleAt;

    public long FirstReceiveTimestamp;

    /// <summary>When the current receive happened: visibility can be extended to at most 12 hours after it.</summary>
    public long ReceivedAt;

    /// <summary>Identifies the latest receive; a receipt handle carrying another nonce is stale.</summary>
    public long ReceiptNonce;

    public int ReceiveCount;

    /// <summary>
    /// Bumped on every state change, and kept when the slot is reused, so that stale entries in the timing heap
    /// (which name a slot and a version) are skipped.
    /// </summary>
    public int Version;

    public MessageState State;

    /// <summary>Index in the store's group table.</summary>
    public int Group;

    /// <summary>
    /// Links in the group's list (FIFO: all its messages in order; standard: its ready messages in the order they
    /// became ready); -1 at either end. A free slot's <see cref="Next"/> links the free list.
    /// </summary>
    public int Previous;

    public int Next;

    /// <summary>Where the enqueue record's bytes are resident, if they are.</summary>
    public PayloadLocation Payload;
}
