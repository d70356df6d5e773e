using System.Buffers;
using PostOffice.Mqtt.Properties;

namespace PostOffice.Mqtt.Packets;

/// <summary>
/// The shared shape of DISCONNECT and AUTH in 5.0: an optional Reason Code then optional Properties; a
/// Remaining Length of 0 means Success / Normal disconnection with no Properties (3.14.2.1, 3.15.2.1).
/// </summary>
public abstract class MqttReasonCodePacket : MqttPacket
{
    public MqttReasonCode ReasonCode { get; set; }

    public MqttProperties Properties { get; set; } = new();

    private protected abstract MqttPropertyContext PropertyContext { get; }

    internal override int GetRemainingLength(MqttProtocolVersion version)
    {
        if (version == MqttProtocolVersion.V311)
        {
            return 0;
        }

        var contentSize = Properties.GetContentSize(PropertyContext);
        if (contentSize == 0)
        {
            return ReasonCode == MqttReasonCode.Success ? 0 : 1;
        }

        return 1 + MqttProperties.GetSize(contentSize);
    }

    internal override void WriteBody(ref MqttSpanWriter writer, MqttProtocolVersion version)
    {
        if (version == MqttProtocolVersion.V311)
        {
            return;
        }

        var contentSize = Properties.GetContentSize(PropertyContext);
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

    private protected void ReadBody(in MqttFrame frame, MqttProtocolVersion version)
    {
        MqttPacketRules.EnsureFlags(frame, 0);
        var reader = new SequenceReader<byte>(frame.Body);
        if (version == MqttProtocolVersion.V500 && !reader.End)
        {
            ReasonCode = MqttReasonCodeRules.Ensure(PacketType, MqttPrimitiveReader.ReadByte(ref reader));
            if (!reader.End)
            {
                Properties = MqttProperties.Read(ref reader, PropertyContext);
            }
        }

        MqttPacketRules.EnsureEnd(reader, PacketType);
    }
}
