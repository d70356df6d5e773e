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

    /// <summary>A message move task started (owner: its source queue). Waited on before the task handle is returned.</summary>
    public const byte MoveTaskStarted = 0x15;

    /// <summary>A move task's status and count: in the chunk of each move step, on cancel and at the end.</summary>
    public const byte MoveTaskUpdated = 0x16;

    /// <summary>A FIFO ReceiveRequestAttemptId and the receives it answered, in the chunk of those receive records.</summary>
    public const byte ReceiveAttempt = 0x17;

    public static bool IsQueueRecord(byte kind) => kind is >= 0x10 and <= 0x1F;
}
