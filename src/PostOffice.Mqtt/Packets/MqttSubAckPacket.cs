using System.Buffers;
using PostOffice.Mqtt.Properties;

namespace PostOffice.Mqtt.Packets;

/// <summary>SUBACK (3.9): one reason code (3.1.1: return code) per Topic Filter of the SUBSCRIBE.</summary>
public sealed class MqttSubAckPacket : MqttPacket
{
    public override MqttPacketType PacketType => MqttPacketType.SubAck;

    public ushort PacketIdentifier { get; set; }

    public MqttProperties Properties { get; set; } = new();

    public List<MqttReasonCode> ReasonCodes { get; } = [];

    internal override int GetRemainingLength(MqttProtocolVersion version) =>
        MqttAcknowledgement.GetRemainingLength(version, Properties, MqttPropertyContext.SubAck, ReasonCodes.Count);

    internal override void WriteBody(ref MqttSpanWriter writer, MqttProtocolVersion version) =>
        MqttAcknowledgement.WriteBody(ref writer, version, PacketIdentifier, Properties, MqttPropertyContext.SubAck, ReasonCodes);

    internal static MqttSubAckPacket Read(in MqttFrame frame, MqttProtocolVersion version)
    {
        MqttPacketRules.EnsureFlags(frame, 0);
        var reader = new SequenceReader<byte>(frame.Body);
        var packet = new MqttSubAckPacket { PacketIdentifier = MqttPacketRules.ReadPacketIdentifier(ref reader) };
        if (version == MqttProtocolVersion.V500)
        {
            packet.Properties = MqttProperties.Read(ref reader, MqttPropertyContext.SubAck);
        }

        while (reader.TryRead(out var code))
        {
            if (version == MqttProtocolVersion.V311 && code is not (0x00 or 0x01 or 0x02 or 0x80))
            {
                MqttProtocolException.ThrowMalformed($"SUBACK return code 0x{code:X2} is reserved [MQTT-3.9.3-2] (3.1.1)");
            }

            packet.ReasonCodes.Add(version == MqttProtocolVersion.V500 ? MqttReasonCodeRules.Ensure(MqttPacketType.SubAck, code) : (MqttReasonCode)code);
        }

        return packet;
    }
}
