namespace PostOffice.Broker.Queues;

/// <summary>The queue engine's record kinds in the shared write-ahead log (range 0x10-0x1F belongs to queues).</summary>
internal static class QueueRecordKind
{
    /// <summary>A message and its metadata (retained: its position is referenced until the message is deleted).</summary>
    public const byte Enqueue = 0x10;

    /// <summary>A receive: receive count, visibility and receipt nonce. Not waited on (docs/storage.md).</summary>
    public const byte Receive = 0x11;

    public const byte Delete = 0x12;

    public const byte ChangeVisibility = 0x13;

    /// <summary>Every message up to a sequence number is deleted.</summary>
    public const byte Purge = 0x14;

    public static bool IsQueueRecord(byte kind) => kind is >= 0x10 and <= 0x1F;
}
