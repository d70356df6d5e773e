namespace PostOffice.Mqtt.Packets;

/// <summary>PUBREL.</summary>
public sealed class MqttPubRelPacket : MqttPublishResponsePacket
{
    public override MqttPacketType PacketType => MqttPacketType.PubRel;

    internal override byte FixedHeaderFlags => 0x02;
}
