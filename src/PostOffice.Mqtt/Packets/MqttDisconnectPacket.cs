using PostOffice.Mqtt.Properties;

namespace PostOffice.Mqtt.Packets;

/// <summary>DISCONNECT (3.14). 3.1.1 has no variable header; 5.0 adds a Reason Code and Properties.</summary>
public sealed class MqttDisconnectPacket : MqttReasonCodePacket
{
    public override MqttPacketType PacketType => MqttPacketType.Disconnect;

    private protected override MqttPropertyContext PropertyContext => MqttPropertyContext.Disconnect;

    internal static MqttDisconnectPacket Read(in MqttFrame frame, MqttProtocolVersion version)
    {
        var packet = new MqttDisconnectPacket();
        packet.ReadBody(frame, version);
        return packet;
    }
}
