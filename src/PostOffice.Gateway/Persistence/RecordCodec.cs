using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using PostOffice.Gateway.Messages;
using PostOffice.Gateway.Routing;
using PostOffice.Mqtt;
using PostOffice.Mqtt.Packets;
using PostOffice.Mqtt.Properties;

namespace PostOffice.Gateway.Persistence;

/// <summary>Little-endian fields appended to a buffer: the gateway's log records and snapshot section.</summary>
internal static class RecordWrite
{
    public static void Byte(IBufferWriter<byte> writer, byte value)
    {
        writer.GetSpan(1)[0] = value;
        writer.Advance(1);
    }

    public static void UInt16(IBufferWriter<byte> writer, ushort value)
    {
        BinaryPrimitives.WriteUInt16LittleEndian(writer.GetSpan(2), value);
        writer.Advance(2);
    }

    public static void UInt32(IBufferWriter<byte> writer, uint value)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(writer.GetSpan(4), value);
        writer.Advance(4);
    }

    public static void Int64(IBufferWriter<byte> writer, long value)
    {
        BinaryPrimitives.WriteInt64LittleEndian(writer.GetSpan(8), value);
        writer.Advance(8);
    }

    /// <summary>A length-prefixed UTF-8 string; null is length 0xFFFFFFFF.</summary>
    public static void String(IBufferWriter<byte> writer, string? value)
    {
        if (value is null)
        {
            UInt32(writer, uint.MaxValue);
            return;
        }

        var length = Encoding.UTF8.GetByteCount(value);
        UInt32(writer, (uint)length);
        Encoding.UTF8.GetBytes(value, writer.GetSpan(length));
        writer.Advance(length);
    }

    public static void Bytes(IBufferWriter<byte> writer, ReadOnlySpan<byte> value)
    {
        UInt32(writer, (uint)value.Length);
        writer.Write(value);
    }

    public static void OptionalBytes(IBufferWriter<byte> writer, byte[]? value)
    {
        if (value is null)
        {
            UInt32(writer, uint.MaxValue);
            return;
        }

        Bytes(writer, value);
    }

    /// <summary>A count, then each value.</summary>
    public static void UInt32s(IBufferWriter<byte> writer, ReadOnlySpan<uint> values)
    {
        UInt32(writer, (uint)values.Length);
        foreach (var value in values)
        {
            UInt32(writer, value);
        }
    }

    public static void Subscription(IBufferWriter<byte> writer, string filter, SubscriptionOptions options)
    {
        String(writer, filter);
        Byte(writer, (byte)((byte)options.MaximumQoS | (options.NoLocal ? 4 : 0) | (options.RetainAsPublished ? 8 : 0) | ((byte)options.RetainHandling << 4)));
        UInt32(writer, options.SubscriptionIdentifier);
    }

    public static void Message(IBufferWriter<byte> writer, MqttMessage message)
    {
        String(writer, message.Topic);
        Byte(writer, (byte)((byte)message.QualityOfService | (message.Retain ? 4 : 0)));
        Int64(writer, message.ReceivedAt);
        UInt32(writer, message.MessageExpiryInterval ?? uint.MaxValue);
        Byte(writer, message.PayloadFormatIndicator ?? 0xFF);
        String(writer, message.ContentType);
        String(writer, message.ResponseTopic);
        OptionalBytes(writer, message.CorrelationData);
        var properties = message.UserProperties ?? [];
        UInt32(writer, (uint)properties.Length);
        foreach (var property in properties)
        {
            String(writer, property.Name);
            String(writer, property.Value);
        }

        String(writer, message.PublisherClientId);
        Bytes(writer, message.Payload.Span);
    }
}

/// <summary>Reads what <see cref="RecordWrite"/> wrote; a short or malformed record throws <see cref="InvalidDataException"/>.</summary>
internal ref struct RecordRead(ReadOnlySpan<byte> source)
{
    private readonly ReadOnlySpan<byte> _source = source;
    private int _offset;

    public readonly bool End => _offset >= _source.Length;

    public byte Byte() => Take(1)[0];

    public ushort UInt16() => BinaryPrimitives.ReadUInt16LittleEndian(Take(2));

    public uint UInt32() => BinaryPrimitives.ReadUInt32LittleEndian(Take(4));

    public long Int64() => BinaryPrimitives.ReadInt64LittleEndian(Take(8));

    public string? String()
    {
        var length = UInt32();
        return length == uint.MaxValue ? null : Encoding.UTF8.GetString(Take(checked((int)length)));
    }

    public string RequiredString() => String() ?? throw new InvalidDataException("A required string is missing in an MQTT record.");

    public byte[]? OptionalBytes()
    {
        var length = UInt32();
        return length == uint.MaxValue ? null : Take(checked((int)length)).ToArray();
    }

    public byte[] Bytes() => Take(checked((int)UInt32())).ToArray();

    /// <summary>What <see cref="RecordWrite.UInt32s"/> wrote; null for none.</summary>
    public uint[]? UInt32s()
    {
        var count = checked((int)UInt32());
        if (count == 0)
        {
            return null;
        }

        if (count > (_source.Length - _offset) / 4)
        {
            throw new InvalidDataException("An MQTT record in the log is shorter than its fields.");
        }

        var values = new uint[count];
        for (var i = 0; i < count; i++)
        {
            values[i] = UInt32();
        }

        return values;
    }

    public (string Filter, SubscriptionOptions Options) Subscription()
    {
        var filter = RequiredString();
        var flags = Byte();
        var identifier = UInt32();
        return (filter, new SubscriptionOptions(
            (MqttQualityOfService)(flags & 3), (flags & 4) != 0, (flags & 8) != 0, (MqttRetainHandling)((flags >> 4) & 3), identifier));
    }

    public MqttMessage Message(long storeId)
    {
        var topic = RequiredString();
        var flags = Byte();
        var receivedAt = Int64();
        var expiry = UInt32();
        var format = Byte();
        var contentType = String();
        var responseTopic = String();
        var correlation = OptionalBytes();
        var count = checked((int)UInt32());
        MqttUserProperty[]? properties = count == 0 ? null : new MqttUserProperty[count];
        for (var i = 0; i < count; i++)
        {
            properties![i] = new MqttUserProperty(RequiredString(), RequiredString());
        }

        var publisher = String();
        var payload = Bytes();
        return new MqttMessage
        {
            Topic = topic,
            QualityOfService = (MqttQualityOfService)(flags & 3),
            Retain = (flags & 4) != 0,
            ReceivedAt = receivedAt,
            MessageExpiryInterval = expiry == uint.MaxValue ? null : expiry,
            PayloadFormatIndicator = format == 0xFF ? null : format,
            ContentType = contentType,
            ResponseTopic = responseTopic,
            CorrelationData = correlation,
            UserProperties = properties,
            PublisherClientId = publisher,
            Payload = payload,
            StoreId = storeId,
        };
    }

    private ReadOnlySpan<byte> Take(int length)
    {
        if (length < 0 || _offset + length > _source.Length)
        {
            throw new InvalidDataException("An MQTT record in the log is shorter than its fields.");
        }

        var span = _source.Slice(_offset, length);
        _offset += length;
        return span;
    }
}
