using System.Buffers;

namespace PostOffice.Broker.Queues;

/// <summary>
/// Encodes the queue engine's log records. Layouts (little-endian; strings are an i32 UTF-8 length, -1 for null,
/// then the bytes):
/// <code>
/// Enqueue          := version u8 | seq i64 | messageId 16 | sent i64 | visibleAt i64 | receiveCount i32
///                     | firstReceive i64 | group str | dedupId str | sender str | traceHeader str | dlqSource str
///                     | body str | attributeCount u8 | (name str | dataType str | kind u8 (1 text, 2 binary) | value)*
///                     | bodyMd5 i32 length (16, or 0 when not known) + bytes   (version 2; version 1 ends before it)
/// Receive          := seq i64 | receiveCount i32 | visibleAt i64 | firstReceive i64 | receivedAt i64 | nonce i64
/// Delete           := seq i64
/// ChangeVisibility := seq i64 | visibleAt i64
/// Purge            := upToSeq i64
/// MoveTaskStarted  := handle str | destinationArn str | maxPerSecond i32 (0: default) | toMove i64 | startedAt i64
/// MoveTaskUpdated  := handle str | status str | moved i64 | failureReason str
/// ReceiveAttempt   := attemptId str | expiresAt i64 | count i32 | (seq i64 | nonce i64)*
/// </code>
/// </summary>
internal static class QueueRecords
{
    private const byte EnqueueVersion = 2;
    private const byte EnqueueVersionWithoutDigest = 1;

    public static byte[] EncodeEnqueue(QueuedMessage message, MessageContent content)
    {
        var payload = new byte[EnqueueSize(message, content)];
        WriteEnqueue(payload, message, content);
        return payload;
    }

    /// <summary>Encodes into an array rented from <see cref="ArrayPool{T}.Shared"/>; the caller returns it.</summary>
    public static byte[] EncodeEnqueuePooled(QueuedMessage message, MessageContent content, out int length)
    {
        length = EnqueueSize(message, content);
        var payload = ArrayPool<byte>.Shared.Rent(length);
        WriteEnqueue(payload.AsSpan(0, length), message, content);
        return payload;
    }

    private static int EnqueueSize(QueuedMessage message, MessageContent content)
    {
        var size = 1 + 8 + 16 + 8 + 8 + 4 + 8
            + RecordSize.Of(message.GroupId) + RecordSize.Of(message.DeduplicationId) + RecordSize.Of(content.SenderId)
            + RecordSize.Of(content.TraceHeader) + RecordSize.Of(content.DeadLetterQueueSourceArn) + RecordSize.Of(content.Body) + 1;
        foreach (var (name, value) in content.Attributes)
        {
            size += RecordSize.Of(name) + RecordSize.Of(value.DataType) + 1
                + (value.BinaryValue is { } binary ? 4 + binary.Length : RecordSize.Of(value.StringValue));
        }

        return size + 4 + (content.BodyMd5?.Length ?? 0);
    }

    private static void WriteEnqueue(Span<byte> payload, QueuedMessage message, MessageContent content)
    {
        var writer = new RecordWriter(payload);
        writer.Byte(EnqueueVersion);
        writer.Int64(message.Seq);
        writer.Guid(message.MessageId);
        writer.Int64(message.SentTimestamp);
        writer.Int64(message.VisibleAt);
        writer.Int32(message.ReceiveCount);
        writer.Int64(message.FirstReceiveTimestamp);
        writer.String(message.GroupId);
        writer.String(message.DeduplicationId);
        writer.String(content.SenderId);
        writer.String(content.TraceHeader);
        writer.String(content.DeadLetterQueueSourceArn);
        writer.String(content.Body);
        writer.Byte((byte)content.Attributes.Count);
        foreach (var (name, value) in content.Attributes)
        {
            writer.String(name);
            writer.String(value.DataType);
            if (value.BinaryValue is { } binary)
            {
                writer.Byte(2);
                writer.Bytes(binary);
            }
            else
            {
                writer.Byte(1);
                writer.String(value.StringValue);
            }
        }

        writer.Bytes(content.BodyMd5);
    }

    /// <summary>Sets the sequence number of an encoded enqueue record (assigned later, under the queue's lock).</summary>
    public static void PatchSeq(byte[] payload, long seq) => System.Buffers.Binary.BinaryPrimitives.WriteInt64LittleEndian(payload.AsSpan(1), seq);

    /// <summary>The message state an enqueue record describes (its content stays in the payload).</summary>
    public static QueuedMessage DecodeEnqueueState(ReadOnlySpan<byte> payload)
    {
        var reader = new RecordReader(payload);
        CheckVersion(reader.Byte());
        return new QueuedMessage
        {
            Seq = reader.Int64(),
            MessageId = reader.Guid(),
            SentTimestamp = reader.Int64(),
            VisibleAt = reader.Int64(),
            ReceiveCount = reader.Int32(),
            FirstReceiveTimestamp = reader.Int64(),
            GroupId = reader.String(),
            DeduplicationId = reader.String(),
        };
    }

    public static MessageContent DecodeEnqueueContent(ReadOnlySpan<byte> payload)
    {
        var reader = new RecordReader(payload);
        var version = reader.Byte();
        CheckVersion(version);
        reader.Int64();
        reader.Guid();
        reader.Int64();
        reader.Int64();
        reader.Int32();
        reader.Int64();
        reader.SkipString();
        reader.SkipString();
        var sender = reader.String() ?? string.Empty;
        var trace = reader.String();
        var source = reader.String();
        var body = reader.String() ?? string.Empty;
        int count = reader.Byte();
        var attributes = count == 0 ? SendMessageRequest.EmptyAttributes : new Dictionary<string, MessageAttributeValue>(count, StringComparer.Ordinal);
        for (var i = 0; i < count; i++)
        {
            var name = reader.String()!;
            var dataType = reader.String()!;
            ((Dictionary<string, MessageAttributeValue>)attributes)[name] = reader.Byte() == 2
                ? new MessageAttributeValue(dataType, null, reader.Bytes())
                : new MessageAttributeValue(dataType, reader.String(), null);
        }

        var bodyMd5 = version == EnqueueVersion ? reader.Bytes() : null;
        return new MessageContent(body, attributes, sender, trace, source, bodyMd5 is { Length: > 0 } ? bodyMd5 : null);
    }

    public static byte[] EncodeReceive(in MessageSlot message)
    {
        var payload = new byte[8 + 4 + 8 + 8 + 8 + 8];
        var writer = new RecordWriter(payload);
        writer.Int64(message.Seq);
        writer.Int32(message.ReceiveCount);
        writer.Int64(message.VisibleAt);
        writer.Int64(message.FirstReceiveTimestamp);
        writer.Int64(message.ReceivedAt);
        writer.Int64(message.ReceiptNonce);
        return payload;
    }

    public static (long Seq, int ReceiveCount, long VisibleAt, long FirstReceive, long ReceivedAt, long Nonce) DecodeReceive(ReadOnlySpan<byte> payload)
    {
        var reader = new RecordReader(payload);
        return (reader.Int64(), reader.Int32(), reader.Int64(), reader.Int64(), reader.Int64(), reader.Int64());
    }

    public static byte[] EncodeSeq(long seq)
    {
        var payload = new byte[8];
        new RecordWriter(payload).Int64(seq);
        return payload;
    }

    public static long DecodeSeq(ReadOnlySpan<byte> payload) => new RecordReader(payload).Int64();

    public static byte[] EncodeVisibility(long seq, long visibleAt)
    {
        var payload = new byte[16];
        var writer = new RecordWriter(payload);
        writer.Int64(seq);
        writer.Int64(visibleAt);
        return payload;
    }

    public static (long Seq, long VisibleAt) DecodeVisibility(ReadOnlySpan<byte> payload)
    {
        var reader = new RecordReader(payload);
        return (reader.Int64(), reader.Int64());
    }

    public static byte[] EncodeMoveTaskStarted(MoveTask task)
    {
        var payload = new byte[RecordSize.Of(task.Handle) + RecordSize.Of(task.DestinationArn) + 4 + 8 + 8];
        var writer = new RecordWriter(payload);
        writer.String(task.Handle);
        writer.String(task.DestinationArn);
        writer.Int32(task.MaxPerSecond ?? 0);
        writer.Int64(task.ToMove);
        writer.Int64(task.StartedAt);
        return payload[..writer.Written];
    }

    public static (string Handle, string? DestinationArn, int? MaxPerSecond, long ToMove, long StartedAt) DecodeMoveTaskStarted(ReadOnlySpan<byte> payload)
    {
        var reader = new RecordReader(payload);
        var handle = reader.String()!;
        var destination = reader.String();
        var max = reader.Int32();
        return (handle, destination, max == 0 ? null : max, reader.Int64(), reader.Int64());
    }

    public static byte[] EncodeMoveTaskUpdated(string handle, string status, long moved, string? failureReason)
    {
        var payload = new byte[RecordSize.Of(handle) + RecordSize.Of(status) + 8 + RecordSize.Of(failureReason)];
        var writer = new RecordWriter(payload);
        writer.String(handle);
        writer.String(status);
        writer.Int64(moved);
        writer.String(failureReason);
        return payload[..writer.Written];
    }

    public static (string Handle, string Status, long Moved, string? FailureReason) DecodeMoveTaskUpdated(ReadOnlySpan<byte> payload)
    {
        var reader = new RecordReader(payload);
        return (reader.String()!, reader.String()!, reader.Int64(), reader.String());
    }

    public static byte[] EncodeReceiveAttempt(string attemptId, long expiresAt, List<(long Seq, long Nonce)> messages)
    {
        var payload = new byte[RecordSize.Of(attemptId) + 8 + 4 + (16 * messages.Count)];
        var writer = new RecordWriter(payload);
        writer.String(attemptId);
        writer.Int64(expiresAt);
        writer.Int32(messages.Count);
        foreach (var (seq, nonce) in messages)
        {
            writer.Int64(seq);
            writer.Int64(nonce);
        }

        return payload[..writer.Written];
    }

    public static (string AttemptId, long ExpiresAt, List<(long Seq, long Nonce)> Messages) DecodeReceiveAttempt(ReadOnlySpan<byte> payload)
    {
        var reader = new RecordReader(payload);
        var attemptId = reader.String()!;
        var expiresAt = reader.Int64();
        var count = reader.Int32();
        var messages = new List<(long, long)>(count);
        for (var i = 0; i < count; i++)
        {
            messages.Add((reader.Int64(), reader.Int64()));
        }

        return (attemptId, expiresAt, messages);
    }

    private static void CheckVersion(byte version)
    {
        if (version is not (EnqueueVersion or EnqueueVersionWithoutDigest))
        {
            throw new InvalidDataException($"Unknown queue message record version {version}.");
        }
    }
}
