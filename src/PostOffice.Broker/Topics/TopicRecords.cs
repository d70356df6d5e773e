using PostOffice.Broker.Queues;

namespace PostOffice.Broker.Topics;

/// <summary>
/// Payloads of the binary topic records (little-endian, strings length-prefixed UTF-8):
/// <list type="bullet">
/// <item><see cref="TopicRecordKind.Deduplicated"/>: <c>deduplicationId str | messageId guid | seq i64 | expiresAt i64</c> (Unix ms).</item>
/// <item><see cref="TopicRecordKind.DeliveryRetryScheduled"/>: <c>deliveryId guid | attempts i32 | nextAttemptAt i64</c> (Unix ms).</item>
/// </list>
/// </summary>
internal static class TopicRecords
{
    public static byte[] EncodeDeduplication(string deduplicationId, DeduplicationEntry entry)
    {
        var payload = new byte[RecordSize.Of(deduplicationId) + 16 + 8 + 8];
        var writer = new RecordWriter(payload);
        writer.String(deduplicationId);
        writer.Guid(entry.MessageId);
        writer.Int64(entry.Seq);
        writer.Int64(entry.ExpiresAt);
        return payload;
    }

    public static (string DeduplicationId, DeduplicationEntry Entry) DecodeDeduplication(ReadOnlySpan<byte> payload)
    {
        var reader = new RecordReader(payload);
        var deduplicationId = reader.String()!;
        return (deduplicationId, new DeduplicationEntry(reader.Guid(), reader.Int64(), reader.Int64()));
    }

    public static byte[] EncodeRetryScheduled(Guid deliveryId, int attempts, long nextAttemptAt)
    {
        var payload = new byte[16 + 4 + 8];
        var writer = new RecordWriter(payload);
        writer.Guid(deliveryId);
        writer.Int32(attempts);
        writer.Int64(nextAttemptAt);
        return payload;
    }

    public static (Guid DeliveryId, int Attempts, long NextAttemptAt) DecodeRetryScheduled(ReadOnlySpan<byte> payload)
    {
        var reader = new RecordReader(payload);
        return (reader.Guid(), reader.Int32(), reader.Int64());
    }
}
