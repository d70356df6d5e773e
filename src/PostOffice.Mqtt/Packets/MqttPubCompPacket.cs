namespace PostOffice.Mqtt.Packets;

/// <summary>PUBCOMP.</summary>
public sealed class MqttPubCompPacket : MqttPublishResponsePacket
{
    public override MqttPacketType PacketType => MqttPacketType.PubComp;
}
