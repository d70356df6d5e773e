using System.Buffers;
using PostOffice.Mqtt.Properties;

namespace PostOffice.Mqtt.Packets;

/// <summary>
/// The shared shape of PUBACK, PUBREC, PUBREL and PUBCOMP (3.4-3.7): Packet Identifier, then in 5.0 an
/// optional Reason Code and optional Properties. The short forms (Remaining Length 2 or 3) are read and,
/// when the values allow, written.
/// </summary>
public abstract class MqttPublishResponsePacket : MqttPacket
{
    public ushort PacketIdentifier { get; set; }

    /// <summary>5.0 only; 3.1.1 has no reason code and implies Success.</summary>
    public MqttReasonCode ReasonCode { get; set; }

    public MqttProperties Properties { get; set; } = new();

    internal override int GetRemainingLength(MqttProtocolVersion version)
    {
        if (version == MqttProtocolVersion.V311)
        {
            return 2;
        }

        var contentSize = Properties.GetContentSize(MqttPropertyContext.PublishResponse);
        if (contentSize == 0)
        {
            // 3.4.2.1: the Reason Code may be left out when it is 0x00 and there are no Properties.
            return ReasonCode == MqttReasonCode.Success ? 2 : 3;
        }

        return 3 + MqttProperties.GetSize(contentSize);
    }

    internal override void WriteBody(ref MqttSpanWriter writer, MqttProtocolVersion version)
    {
        writer.WriteTwoByteInteger(PacketIdentifier);
        if (version == MqttProtocolVersion.V311)
        {
            return;
        }

        var contentSize = Properties.GetContentSize(MqttPropertyContext.PublishResponse);
        if (contentSize == 0 && ReasonCode == MqttReasonCode.Success)
        {
            return;
        }

        writer.WriteByte((byte)ReasonCode);
        if (contentSize > 0)
        {
            Properties.Write(ref writer, contentSize);
        }
    }

    internal static T Read<T>(in MqttFrame frame, MqttProtocolVersion version, byte expectedFlags)
        where T : MqttPublishResponsePacket, new()
    {
        // [MQTT-3.6.1-1]: PUBREL's flags are 0b0010; PUBACK, PUBREC and PUBCOMP have 0 [MQTT-2.1.3-1].
        MqttPacketRules.EnsureFlags(frame, expectedFlags);
        var reader = new SequenceReader<byte>(frame.Body);
        var packet = new T { PacketIdentifier = MqttPacketRules.ReadPacketIdentifier(ref reader) };
        if (version == MqttProtocolVersion.V500 && !reader.End)
        {
            packet.ReasonCode = MqttReasonCodeRules.Ensure(packet.PacketType, MqttPrimitiveReader.ReadByte(ref reader));
            if (!reader.End)
            {
                packet.Properties = MqttProperties.Read(ref reader, MqttPropertyContext.PublishResponse);
            }
        }

        MqttPacketRules.EnsureEnd(reader, packet.PacketType);
        return packet;
    }
}
