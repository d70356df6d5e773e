namespace PostOffice.Broker.Topics;

/// <summary>The topic engine's record kinds in the shared write-ahead log (range 0x30-0x3F belongs to topics).</summary>
internal static class TopicRecordKind
{
    /// <summary>A pending HTTP(S) delivery (JSON of <see cref="Delivery.HttpDelivery"/>); owner: the subscription id.</summary>
    public const byte DeliveryPending = 0x30;

    /// <summary>A pending delivery is done (delivered, dead-lettered or dropped); payload: its id (16 bytes).</summary>
    public const byte DeliveryDone = 0x31;

    /// <summary>
    /// A FIFO publish's deduplication id with its message id, sequence number and expiry (<see cref="TopicRecords"/>),
    /// in the chunk of the publish; owner: the topic id. Replay restores the 5-minute window and the sequence.
    /// </summary>
    public const byte Deduplicated = 0x32;

    /// <summary>
    /// A pending delivery's attempt failed and its retry is due at a time (<see cref="TopicRecords"/>); owner: the
    /// subscription id. Not waited on: losing it in a crash only repeats attempts.
    /// </summary>
    public const byte DeliveryRetryScheduled = 0x33;

    public static bool IsTopicRecord(byte kind) => kind is >= 0x30 and <= 0x3F;
}
