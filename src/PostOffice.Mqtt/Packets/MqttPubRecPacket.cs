namespace PostOffice.Mqtt.Packets;

/// <summary>PUBREC.</summary>
public sealed class MqttPubRecPacket : MqttPublishResponsePacket
{
    public override MqttPacketType PacketType => MqttPacketType.PubRec;
}
