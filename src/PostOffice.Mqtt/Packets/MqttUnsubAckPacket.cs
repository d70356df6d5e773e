using System.Buffers;
using PostOffice.Mqtt.Properties;

namespace PostOffice.Mqtt.Packets;

/// <summary>UNSUBACK (3.11). 3.1.1 carries only the Packet Identifier; 5.0 adds Properties and reason codes.</summary>
public sealed class MqttUnsubAckPacket : MqttPacket
{
    public override MqttPacketType PacketType => MqttPacketType.UnsubAck;

    public ushort PacketIdentifier { get; set; }

    public MqttProperties Properties { get; set; } = new();

    /// <summary>5.0 only.</summary>
    public List<MqttReasonCode> ReasonCodes { get; } = [];

    internal override int GetRemainingLength(MqttProtocolVersion version) =>
        version == MqttProtocolVersion.V311
            ? 2
            : MqttAcknowledgement.GetRemainingLength(version, Properties, MqttPropertyContext.UnsubAck, ReasonCodes.Count);

    internal override void WriteBody(ref MqttSpanWriter writer, MqttProtocolVersion version)
    {
        if (version == MqttProtocolVersion.V311)
        {
            writer.WriteTwoByteInteger(PacketIdentifier);
            return;
        }

        MqttAcknowledgement.WriteBody(ref writer, version, PacketIdentifier, Properties, MqttPropertyContext.UnsubAck, ReasonCodes);
    }

    internal static MqttUnsubAckPacket Read(in MqttFrame frame, MqttProtocolVersion version)
    {
        MqttPacketRules.EnsureFlags(frame, 0);
        var reader = new SequenceReader<byte>(frame.Body);
        var packet = new MqttUnsubAckPacket { PacketIdentifier = MqttPacketRules.ReadPacketIdentifier(ref reader) };
        if (version == MqttProtocolVersion.V500)
        {
            packet.Properties = MqttProperties.Read(ref reader, MqttPropertyContext.UnsubAck);
            while (reader.TryRead(out var code))
            {
                packet.ReasonCodes.Add(MqttReasonCodeRules.Ensure(MqttPacketType.UnsubAck, code));
            }
        }

        MqttPacketRules.EnsureEnd(reader, MqttPacketType.UnsubAck);
        return packet;
    }
}
