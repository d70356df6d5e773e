namespace PostOffice.Mqtt.Packets;

/// <summary>PUBACK.</summary>
public sealed class MqttPubAckPacket : MqttPublishResponsePacket
{
    public override MqttPacketType PacketType => MqttPacketType.PubAck;
}
