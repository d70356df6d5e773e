using PostOffice.Mqtt.Properties;

namespace PostOffice.Mqtt.Packets;

/// <summary>AUTH (3.15), MQTT 5.0 only: packet type 15 is reserved in 3.1.1.</summary>
public sealed class MqttAuthPacket : MqttReasonCodePacket
{
    public override MqttPacketType PacketType => MqttPacketType.Auth;

    private protected override MqttPropertyContext PropertyContext => MqttPropertyContext.Auth;

    internal static MqttAuthPacket Read(in MqttFrame frame)
    {
        var packet = new MqttAuthPacket();
        packet.ReadBody(frame, MqttProtocolVersion.V500);
        return packet;
    }
}
