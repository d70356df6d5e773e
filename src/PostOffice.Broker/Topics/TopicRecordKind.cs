namespace PostOffice.Broker.Topics;

/// <summary>The topic engine's record kinds in the shared write-ahead log (range 0x30-0x3F belongs to topics).</summary>
internal static class TopicRecordKind
{
    /// <summary>A pending HTTP(S) delivery (JSON of <see cref="Delivery.HttpDelivery"/>); owner: the subscription id.</summary>
    public const byte DeliveryPending = 0x30;

    /// <summary>A pending delivery is done (delivered, dead-lettered or dropped); payload: its id (16 bytes).</summary>
    public const byte DeliveryDone = 0x31;

    public static bool IsTopicRecord(byte kind) => kind is >= 0x30 and <= 0x3F;
}
