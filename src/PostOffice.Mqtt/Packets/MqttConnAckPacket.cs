using System.Buffers;
using PostOffice.Mqtt.Properties;

namespace PostOffice.Mqtt.Packets;

/// <summary>CONNACK (3.2).</summary>
public sealed class MqttConnAckPacket : MqttPacket
{
    public override MqttPacketType PacketType => MqttPacketType.ConnAck;

    public bool SessionPresent { get; set; }

    /// <summary>
    /// 5.0: the Connect Reason Code. 3.1.1: the Connect Return Code, 0..5 (0x01 unacceptable protocol version,
    /// 0x02 identifier rejected, 0x03 server unavailable, 0x04 bad user name or password, 0x05 not authorized);
    /// see <see cref="MqttConnectReturnCode"/>.
    /// </summary>
    public MqttReasonCode ReasonCode { get; set; }

    public MqttProperties Properties { get; set; } = new();

    internal override int GetRemainingLength(MqttProtocolVersion version) =>
        version == MqttProtocolVersion.V500
            ? 2 + MqttProperties.GetSize(Properties.GetContentSize(MqttPropertyContext.ConnAck))
            : 2;

    internal override void WriteBody(ref MqttSpanWriter writer, MqttProtocolVersion version)
    {
        writer.WriteByte(SessionPresent ? (byte)1 : (byte)0);
        writer.WriteByte((byte)ReasonCode);
        if (version == MqttProtocolVersion.V500)
        {
            Properties.Write(ref writer, Properties.GetContentSize(MqttPropertyContext.ConnAck));
        }
    }

    internal static MqttConnAckPacket Read(in MqttFrame frame, MqttProtocolVersion version)
    {
        MqttPacketRules.EnsureFlags(frame, 0);
        var reader = new SequenceReader<byte>(frame.Body);
        var acknowledgeFlags = MqttPrimitiveReader.ReadByte(ref reader);
        if ((acknowledgeFlags & 0xFE) != 0)
        {
            MqttProtocolException.ThrowMalformed("CONNACK Acknowledge Flags bits 7-1 are reserved and must be 0 [MQTT-3.2.2-1] (5.0)");
        }

        var packet = new MqttConnAckPacket
        {
            SessionPresent = acknowledgeFlags == 1,
            ReasonCode = (MqttReasonCode)MqttPrimitiveReader.ReadByte(ref reader),
        };
        if (version == MqttProtocolVersion.V500)
        {
            MqttReasonCodeRules.Ensure(MqttPacketType.ConnAck, (byte)packet.ReasonCode);
            packet.Properties = MqttProperties.Read(ref reader, MqttPropertyContext.ConnAck);
        }
        else if ((byte)packet.ReasonCode > (byte)MqttConnectReturnCode.NotAuthorized)
        {
            MqttProtocolException.ThrowMalformed($"CONNACK return code {(byte)packet.ReasonCode} is reserved (3.1.1 table 3.1)");
        }

        MqttPacketRules.EnsureEnd(reader, MqttPacketType.ConnAck);
        return packet;
    }
}
