using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace PostOffice.Load.Mqtt.Packets;

/// <summary>
/// Encodes the packets a client sends, for MQTT 3.1.1 and 5.0, into an <see cref="IBufferWriter{T}"/>. Pure: no
/// sockets, no state. MQTT 5.0 packets carry no properties (property length 0) and success acknowledgements use the
/// short form without a reason code (MQTT 5.0 §3.4.2.1: "the Reason Code 0x00 and no Properties" may be omitted).
/// </summary>
public static class MqttEncoder
{
    private static readonly byte[] ProtocolName = "MQTT"u8.ToArray();

    /// <summary>
    /// CONNECT without will or credentials (MQTT 5.0 §3.1): a clean session/start, or with
    /// <paramref name="persistentSessionSeconds"/> above 0 a session the server keeps (3.1.1: Clean Session 0; 5.0:
    /// Clean Start 0 and that Session Expiry Interval).
    /// </summary>
    public static void WriteConnect(IBufferWriter<byte> writer, MqttProtocolVersion version, string clientId, ushort keepAliveSeconds, uint persistentSessionSeconds = 0)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var clientIdLength = Encoding.UTF8.GetByteCount(clientId);
        var persistent = persistentSessionSeconds > 0;
        var propertyBytes = version == MqttProtocolVersion.V500 && persistent ? 5 : 0; // Session Expiry Interval (0x11)
        var properties = version == MqttProtocolVersion.V500 ? 1 + propertyBytes : 0;
        var remaining = 2 + ProtocolName.Length + 1 + 1 + 2 + properties + 2 + clientIdLength;
        var span = writer.GetSpan(1 + 4 + remaining);
        var at = WriteFixedHeader(span, (byte)((byte)MqttPacketType.Connect << 4), remaining);
        at += WriteBytes(span[at..], ProtocolName);
        span[at++] = (byte)version;
        span[at++] = persistent ? (byte)0x00 : (byte)0x02; // connect flags: clean session (3.1.1) / clean start (5.0)
        BinaryPrimitives.WriteUInt16BigEndian(span[at..], keepAliveSeconds);
        at += 2;
        if (version == MqttProtocolVersion.V500)
        {
            span[at++] = (byte)propertyBytes;
            if (propertyBytes > 0)
            {
                span[at++] = 0x11;
                BinaryPrimitives.WriteUInt32BigEndian(span[at..], persistentSessionSeconds);
                at += 4;
            }
        }

        BinaryPrimitives.WriteUInt16BigEndian(span[at..], (ushort)clientIdLength);
        at += 2;
        at += Encoding.UTF8.GetBytes(clientId, span[at..]);
        writer.Advance(at);
    }

    /// <summary>SUBSCRIBE to one filter with a maximum QoS (MQTT 5.0 §3.8); the fixed header flags are 0b0010.</summary>
    public static void WriteSubscribe(IBufferWriter<byte> writer, MqttProtocolVersion version, ushort packetId, ReadOnlySpan<byte> topicFilter, int qos)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var properties = version == MqttProtocolVersion.V500 ? 1 : 0;
        var remaining = 2 + properties + 2 + topicFilter.Length + 1;
        var span = writer.GetSpan(1 + 4 + remaining);
        var at = WriteFixedHeader(span, (byte)(((byte)MqttPacketType.Subscribe << 4) | 0x02), remaining);
        BinaryPrimitives.WriteUInt16BigEndian(span[at..], packetId);
        at += 2;
        if (version == MqttProtocolVersion.V500)
        {
            span[at++] = 0;
        }

        at += WriteBytes(span[at..], topicFilter);
        span[at++] = (byte)qos; // 3.1.1: requested QoS; 5.0: subscription options with only the QoS bits set
        writer.Advance(at);
    }

    /// <summary>The size of a PUBLISH, so that callers can check a window or a buffer before writing.</summary>
    public static int PublishSize(MqttProtocolVersion version, int topicLength, int qos, int payloadLength)
    {
        var remaining = PublishRemainingLength(version, topicLength, qos, payloadLength);
        return 1 + VariableByteInteger.SizeOf(remaining) + remaining;
    }

    /// <summary>PUBLISH (MQTT 5.0 §3.3): DUP 0, RETAIN 0; the payload is written by the caller into the returned span.</summary>
    public static Span<byte> WritePublishHeader(IBufferWriter<byte> writer, MqttProtocolVersion version, ReadOnlySpan<byte> topic, int qos, ushort packetId, int payloadLength)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var remaining = PublishRemainingLength(version, topic.Length, qos, payloadLength);
        var total = 1 + VariableByteInteger.SizeOf(remaining) + remaining;
        var span = writer.GetSpan(total);
        var at = WriteFixedHeader(span, (byte)(((byte)MqttPacketType.Publish << 4) | (qos << 1)), remaining);
        at += WriteBytes(span[at..], topic);
        if (qos > 0)
        {
            BinaryPrimitives.WriteUInt16BigEndian(span[at..], packetId);
            at += 2;
        }

        if (version == MqttProtocolVersion.V500)
        {
            span[at++] = 0;
        }

        writer.Advance(at + payloadLength);
        return span.Slice(at, payloadLength);
    }

    /// <summary>PUBACK, PUBREC, PUBREL or PUBCOMP with success (MQTT 5.0 §3.4-3.7); PUBREL has flags 0b0010.</summary>
    public static void WriteAck(IBufferWriter<byte> writer, MqttPacketType type, ushort packetId)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var span = writer.GetSpan(4);
        span[0] = (byte)(((byte)type << 4) | (type == MqttPacketType.PubRel ? 0x02 : 0));
        span[1] = 2;
        BinaryPrimitives.WriteUInt16BigEndian(span[2..], packetId);
        writer.Advance(4);
    }

    /// <summary>PINGREQ: two bytes, C0 00.</summary>
    public static void WritePingReq(IBufferWriter<byte> writer) => WriteEmpty(writer, MqttPacketType.PingReq);

    /// <summary>DISCONNECT: E0 00; in 5.0 the omitted reason code means "normal disconnection".</summary>
    public static void WriteDisconnect(IBufferWriter<byte> writer) => WriteEmpty(writer, MqttPacketType.Disconnect);

    private static void WriteEmpty(IBufferWriter<byte> writer, MqttPacketType type)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var span = writer.GetSpan(2);
        span[0] = (byte)((byte)type << 4);
        span[1] = 0;
        writer.Advance(2);
    }

    private static int PublishRemainingLength(MqttProtocolVersion version, int topicLength, int qos, int payloadLength) =>
        2 + topicLength + (qos > 0 ? 2 : 0) + (version == MqttProtocolVersion.V500 ? 1 : 0) + payloadLength;

    private static int WriteFixedHeader(Span<byte> span, byte first, int remainingLength)
    {
        span[0] = first;
        return 1 + VariableByteInteger.Write(span[1..], remainingLength);
    }

    /// <summary>A length-prefixed byte string (MQTT 5.0 §1.5.4, §1.5.6).</summary>
    private static int WriteBytes(Span<byte> span, ReadOnlySpan<byte> value)
    {
        BinaryPrimitives.WriteUInt16BigEndian(span, (ushort)value.Length);
        value.CopyTo(span[2..]);
        return 2 + value.Length;
    }
}
