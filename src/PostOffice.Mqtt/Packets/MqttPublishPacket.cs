using System.Buffers;
using PostOffice.Mqtt.Properties;

namespace PostOffice.Mqtt.Packets;

/// <summary>PUBLISH (3.3). The payload is copied out of the frame, so the packet outlives the buffer.</summary>
public sealed class MqttPublishPacket : MqttPacket
{
    public override MqttPacketType PacketType => MqttPacketType.Publish;

    public bool Dup { get; set; }

    public MqttQualityOfService QualityOfService { get; set; }

    public bool Retain { get; set; }

    public string TopicName { get; set; } = string.Empty;

    /// <summary>Present only when QoS is 1 or 2.</summary>
    public ushort PacketIdentifier { get; set; }

    public MqttProperties Properties { get; set; } = new();

    public ReadOnlyMemory<byte> Payload { get; set; }

    internal override byte FixedHeaderFlags =>
        (byte)((Dup ? 0x08 : 0) | ((int)QualityOfService << 1) | (Retain ? 0x01 : 0));

    internal override int GetRemainingLength(MqttProtocolVersion version)
    {
        if (QualityOfService > MqttQualityOfService.ExactlyOnce
            || (QualityOfService == MqttQualityOfService.AtMostOnce && (Dup || PacketIdentifier != 0))
            || (QualityOfService != MqttQualityOfService.AtMostOnce && PacketIdentifier == 0))
        {
            throw new InvalidOperationException(
                "PUBLISH needs QoS 0..2, and a non-zero Packet Identifier exactly when QoS > 0; DUP only when QoS > 0 [MQTT-2.2.1-2] [MQTT-3.3.1-2]");
        }

        if (TopicName.AsSpan().IndexOfAny('+', '#') >= 0 || (TopicName.Length == 0 && !(version == MqttProtocolVersion.V500 && Properties.TopicAlias.HasValue)))
        {
            throw new InvalidOperationException($"Topic Name '{TopicName}' is empty or has a wildcard [MQTT-3.3.2-2]");
        }

        var length = MqttPrimitiveWriter.GetUtf8StringSize(TopicName) + Payload.Length;
        length += QualityOfService == MqttQualityOfService.AtMostOnce ? 0 : 2;
        if (version == MqttProtocolVersion.V500)
        {
            length += MqttProperties.GetSize(Properties.GetContentSize(MqttPropertyContext.Publish));
        }

        return length;
    }

    internal override void WriteBody(ref MqttSpanWriter writer, MqttProtocolVersion version)
    {
        writer.WriteUtf8String(TopicName);
        if (QualityOfService != MqttQualityOfService.AtMostOnce)
        {
            writer.WriteTwoByteInteger(PacketIdentifier);
        }

        if (version == MqttProtocolVersion.V500)
        {
            Properties.Write(ref writer, Properties.GetContentSize(MqttPropertyContext.Publish));
        }

        writer.WriteBytes(Payload.Span);
    }

    internal static MqttPublishPacket Read(in MqttFrame frame, MqttProtocolVersion version)
    {
        var flags = frame.Flags;
        var packet = new MqttPublishPacket
        {
            Dup = (flags & 0x08) != 0,
            QualityOfService = MqttPacketRules.ReadQualityOfService((flags >> 1) & 0x03, "PUBLISH QoS"),
            Retain = (flags & 0x01) != 0,
        };
        if (packet.Dup && packet.QualityOfService == MqttQualityOfService.AtMostOnce)
        {
            MqttProtocolException.ThrowMalformed("DUP flag set on a QoS 0 PUBLISH [MQTT-3.3.1-2]");
        }

        var reader = new SequenceReader<byte>(frame.Body);
        packet.TopicName = MqttPrimitiveReader.ReadUtf8String(ref reader);
        if (packet.QualityOfService != MqttQualityOfService.AtMostOnce)
        {
            packet.PacketIdentifier = MqttPacketRules.ReadPacketIdentifier(ref reader);
        }

        if (version == MqttProtocolVersion.V500)
        {
            packet.Properties = MqttProperties.Read(ref reader, MqttPropertyContext.Publish);
        }

        EnsureValidTopicName(packet.TopicName, packet.Properties.TopicAlias.HasValue);
        packet.Payload = MqttPrimitiveReader.ReadBytes(ref reader, reader.Remaining);
        return packet;
    }

    /// <summary>
    /// [MQTT-3.3.2-2]: no wildcards in a Topic Name. [MQTT-4.7.3-1]: at least one character, except that
    /// 5.0 allows a zero-length Topic Name when a Topic Alias is present (3.3.2.3.4).
    /// </summary>
    internal static void EnsureValidTopicName(string topicName, bool hasTopicAlias)
    {
        if (topicName.AsSpan().IndexOfAny('+', '#') >= 0)
        {
            MqttProtocolException.ThrowProtocolError($"Topic Name '{topicName}' contains a wildcard [MQTT-3.3.2-2]");
        }

        if (topicName.Length == 0 && !hasTopicAlias)
        {
            MqttProtocolException.ThrowProtocolError("Topic Name is empty and there is no Topic Alias [MQTT-4.7.3-1]");
        }
    }
}
