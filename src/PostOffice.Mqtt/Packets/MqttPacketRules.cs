using System.Buffers;

namespace PostOffice.Mqtt.Packets;

/// <summary>Checks shared by several packet decoders.</summary>
internal static class MqttPacketRules
{
    /// <summary>
    /// [MQTT-2.2.1-3] (5.0) / [MQTT-2.3.1-1] (3.1.1): where a Packet Identifier is present it is non-zero.
    /// </summary>
    public static ushort ReadPacketIdentifier(ref SequenceReader<byte> reader)
    {
        var packetIdentifier = MqttPrimitiveReader.ReadTwoByteInteger(ref reader);
        if (packetIdentifier == 0)
        {
            MqttProtocolException.ThrowProtocolError("Packet Identifier 0 [MQTT-2.2.1-3]");
        }

        return packetIdentifier;
    }

    /// <summary>[MQTT-2.1.3-1] (5.0) / [MQTT-2.2.2-1] (3.1.1): reserved flag bits hold the listed value.</summary>
    public static void EnsureFlags(in MqttFrame frame, byte expected)
    {
        if (frame.Flags != expected)
        {
            MqttProtocolException.ThrowMalformed(
                $"{frame.PacketType} fixed header flags are 0x{frame.Flags:X1}, must be 0x{expected:X1} [MQTT-2.1.3-1]");
        }
    }

    /// <summary>Bytes left over after the last field mean the Remaining Length and the content disagree.</summary>
    public static void EnsureEnd(in SequenceReader<byte> reader, MqttPacketType packetType)
    {
        if (!reader.End)
        {
            MqttProtocolException.ThrowMalformed($"{packetType} has {reader.Remaining} bytes after its last field");
        }
    }

    /// <summary>[MQTT-4.7.3-1]: Topic Names and Topic Filters are at least one character long.</summary>
    public static string ReadTopicFilter(ref SequenceReader<byte> reader)
    {
        var topicFilter = MqttPrimitiveReader.ReadUtf8String(ref reader);
        if (topicFilter.Length == 0)
        {
            MqttProtocolException.ThrowProtocolError("Topic Filter is empty [MQTT-4.7.3-1]");
        }

        return topicFilter;
    }

    public static MqttQualityOfService ReadQualityOfService(int bits, string field)
    {
        if (bits == 3)
        {
            MqttProtocolException.ThrowMalformed($"{field} is 3 [MQTT-3.3.1-4]");
        }

        return (MqttQualityOfService)bits;
    }
}
