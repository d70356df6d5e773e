namespace PostOffice.Mqtt.Packets;

/// <summary>
/// An MQTT Control Packet. Encoding is by <see cref="MqttPacketWriter"/> and decoding by
/// <see cref="MqttPacketReader"/>; the same model serves protocol levels 4 (3.1.1) and 5 (5.0), and
/// fields that level 4 lacks (properties, reason codes) are ignored when writing level 4.
/// </summary>
public abstract class MqttPacket
{
    public abstract MqttPacketType PacketType { get; }

    /// <summary>The low nibble of the fixed header (2.1.3).</summary>
    internal virtual byte FixedHeaderFlags => 0;

    internal abstract int GetRemainingLength(MqttProtocolVersion version);

    internal abstract void WriteBody(ref MqttSpanWriter writer, MqttProtocolVersion version);
}
