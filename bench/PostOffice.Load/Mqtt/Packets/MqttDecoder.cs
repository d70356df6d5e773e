using System.Buffers;

namespace PostOffice.Load.Mqtt.Packets;

/// <summary>
/// Frames and decodes the packets a server sends to a client, for MQTT 3.1.1 and 5.0. Pure: it reads from a
/// <see cref="ReadOnlySequence{T}"/> and allocates nothing. Properties of 5.0 packets are skipped, not interpreted.
/// </summary>
public static class MqttDecoder
{
    /// <summary>
    /// Reads one whole packet. Returns false, with the reader where it was, when the bytes end before the packet does.
    /// </summary>
    public static bool TryReadFrame(ref SequenceReader<byte> reader, int maximumPacketSize, out MqttFrame frame)
    {
        var start = reader.Consumed;
        frame = default;
        if (!reader.TryRead(out var header) || !VariableByteInteger.TryRead(ref reader, out var remainingLength))
        {
            reader.Rewind(reader.Consumed - start);
            return false;
        }

        if (remainingLength > maximumPacketSize)
        {
            throw new MqttProtocolException($"The server sent a {remainingLength}-byte packet; this client accepts at most {maximumPacketSize}.");
        }

        if (reader.Remaining < remainingLength)
        {
            reader.Rewind(reader.Consumed - start);
            return false;
        }

        frame = new MqttFrame(header, reader.UnreadSequence.Slice(0, remainingLength));
        reader.Advance(remainingLength);
        return true;
    }

    /// <summary>CONNACK (3.1.1 §3.2, 5.0 §3.2), with the 5.0 properties a publishing client must honour.</summary>
    public static MqttConnAck ReadConnAck(in MqttFrame frame, MqttProtocolVersion version)
    {
        Expect(frame, MqttPacketType.ConnAck, minimumLength: 2);
        var reader = new SequenceReader<byte>(frame.Body);
        reader.Advance(1); // acknowledge flags
        reader.TryRead(out var code);
        if (version != MqttProtocolVersion.V500 || reader.Remaining == 0)
        {
            return new MqttConnAck(code, null, null);
        }

        if (!VariableByteInteger.TryRead(ref reader, out var length) || reader.Remaining < length)
        {
            throw new MqttProtocolException("CONNACK's property length runs past the end of the packet.");
        }

        var properties = new SequenceReader<byte>(reader.UnreadSequence.Slice(0, length));
        ushort? receiveMaximum = null;
        ushort? serverKeepAlive = null;
        while (properties.TryRead(out var identifier))
        {
            switch (identifier)
            {
                case 0x21: // Receive Maximum (MQTT 5.0 §3.2.2.3.3)
                    receiveMaximum = ReadTwoByteInteger(ref properties);
                    break;
                case 0x13: // Server Keep Alive (§3.2.2.3.14)
                    serverKeepAlive = ReadTwoByteInteger(ref properties);
                    break;
                default:
                    SkipProperty(ref properties, identifier);
                    break;
            }
        }

        return new MqttConnAck(code, receiveMaximum, serverKeepAlive);
    }

    /// <summary>The return code (3.1.1) or reason code (5.0) of a CONNACK; 0 means accepted.</summary>
    public static byte ReadConnAckCode(in MqttFrame frame) => ReadConnAck(frame, MqttProtocolVersion.V311).Code;

    /// <summary>The Packet Identifier that starts PUBACK, PUBREC, PUBREL, PUBCOMP, SUBACK and UNSUBACK.</summary>
    public static ushort ReadPacketId(in MqttFrame frame)
    {
        if (frame.Body.Length < 2)
        {
            throw new MqttProtocolException($"{frame.Type} is {frame.Body.Length} bytes long; it needs a Packet Identifier.");
        }

        var reader = new SequenceReader<byte>(frame.Body);
        reader.TryReadBigEndian(out short id);
        return (ushort)id;
    }

    /// <summary>The reason code of a PUBACK, PUBREC, PUBREL or PUBCOMP; 5.0 omits it for success, 3.1.1 has none.</summary>
    public static byte ReadAckReasonCode(in MqttFrame frame)
    {
        if (frame.Body.Length < 3)
        {
            return 0;
        }

        var reader = new SequenceReader<byte>(frame.Body);
        reader.Advance(2);
        reader.TryRead(out var code);
        return code;
    }

    /// <summary>SUBACK (3.1.1 §3.9, 5.0 §3.9): the first return or reason code; 0x80 and above is a failure.</summary>
    public static byte ReadSubAckCode(in MqttFrame frame, MqttProtocolVersion version)
    {
        Expect(frame, MqttPacketType.SubAck, minimumLength: 3);
        var reader = new SequenceReader<byte>(frame.Body);
        reader.Advance(2);
        if (version == MqttProtocolVersion.V500)
        {
            SkipProperties(ref reader);
        }

        if (!reader.TryRead(out var code))
        {
            throw new MqttProtocolException("SUBACK has no reason code.");
        }

        return code;
    }

    /// <summary>PUBLISH (3.1.1 §3.3, 5.0 §3.3). Topic aliases (5.0) are not requested by this client, so the topic is always present.</summary>
    public static MqttPublish ReadPublish(in MqttFrame frame, MqttProtocolVersion version)
    {
        Expect(frame, MqttPacketType.Publish, minimumLength: 2);
        var qos = (frame.Flags >> 1) & 0x03;
        if (qos == 3)
        {
            throw new MqttProtocolException("PUBLISH with QoS 3 is malformed (MQTT-3.3.1-4).");
        }

        var reader = new SequenceReader<byte>(frame.Body);
        if (!reader.TryReadBigEndian(out short topicLength) || reader.Remaining < (ushort)topicLength)
        {
            throw new MqttProtocolException("PUBLISH is shorter than its topic name.");
        }

        var topic = reader.UnreadSequence.Slice(0, (ushort)topicLength);
        reader.Advance((ushort)topicLength);
        ushort packetId = 0;
        if (qos > 0)
        {
            if (!reader.TryReadBigEndian(out short id))
            {
                throw new MqttProtocolException("PUBLISH with QoS > 0 has no Packet Identifier.");
            }

            packetId = (ushort)id;
        }

        if (version == MqttProtocolVersion.V500)
        {
            SkipProperties(ref reader);
        }

        return new MqttPublish(qos, (frame.Flags & 0x08) != 0, packetId, topic, reader.UnreadSequence);
    }

    /// <summary>Skips one property by the size its identifier implies (MQTT 5.0 §2.2.2.2).</summary>
    private static void SkipProperty(ref SequenceReader<byte> reader, byte identifier)
    {
        var ok = identifier switch
        {
            0x01 or 0x17 or 0x19 or 0x24 or 0x25 or 0x28 or 0x29 or 0x2A => reader.TryRead(out _),
            0x13 or 0x21 or 0x22 or 0x23 => TryAdvance(ref reader, 2),
            0x02 or 0x11 or 0x18 or 0x27 => TryAdvance(ref reader, 4),
            0x0B => VariableByteInteger.TryRead(ref reader, out _),
            0x03 or 0x08 or 0x09 or 0x12 or 0x15 or 0x16 or 0x1A or 0x1C or 0x1F => SkipLengthPrefixed(ref reader),
            0x26 => SkipLengthPrefixed(ref reader) && SkipLengthPrefixed(ref reader),
            _ => throw new MqttProtocolException($"Unknown property identifier 0x{identifier:X2}."),
        };
        if (!ok)
        {
            throw new MqttProtocolException($"Property 0x{identifier:X2} runs past the end of its packet.");
        }
    }

    private static bool SkipLengthPrefixed(ref SequenceReader<byte> reader) =>
        reader.TryReadBigEndian(out short length) && TryAdvance(ref reader, (ushort)length);

    private static bool TryAdvance(ref SequenceReader<byte> reader, long count)
    {
        if (reader.Remaining < count)
        {
            return false;
        }

        reader.Advance(count);
        return true;
    }

    private static ushort ReadTwoByteInteger(ref SequenceReader<byte> reader) =>
        reader.TryReadBigEndian(out short value) ? (ushort)value : throw new MqttProtocolException("A Two Byte Integer property is cut short.");

    private static void SkipProperties(ref SequenceReader<byte> reader)
    {
        if (!VariableByteInteger.TryRead(ref reader, out var length) || reader.Remaining < length)
        {
            throw new MqttProtocolException("The property length runs past the end of the packet.");
        }

        reader.Advance(length);
    }

    private static void Expect(in MqttFrame frame, MqttPacketType type, int minimumLength)
    {
        if (frame.Type != type)
        {
            throw new MqttProtocolException($"Expected {type}, received {frame.Type}.");
        }

        if (frame.Body.Length < minimumLength)
        {
            throw new MqttProtocolException($"{type} is {frame.Body.Length} bytes long; it needs at least {minimumLength}.");
        }
    }
}
