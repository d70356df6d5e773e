namespace PostOffice.Mqtt;

/// <summary>
/// Which 5.0 reason codes each packet may carry (the reason code tables of 3.2.2.2, 3.4.2.1, 3.5.2.1,
/// 3.6.2.1, 3.7.2.1, 3.9.3, 3.11.3, 3.14.2.1 and 3.15.2.1), e.g. [MQTT-3.4.2-1]: PUBACK uses a PUBACK code.
/// </summary>
internal static class MqttReasonCodeRules
{
    private static readonly byte[] ConnAck =
        [0x00, 0x80, 0x81, 0x82, 0x83, 0x84, 0x85, 0x86, 0x87, 0x88, 0x89, 0x8A, 0x8C, 0x90, 0x95, 0x97, 0x99, 0x9A, 0x9B, 0x9C, 0x9D, 0x9F];

    private static readonly byte[] PubAckOrPubRec = [0x00, 0x10, 0x80, 0x83, 0x87, 0x90, 0x91, 0x97, 0x99];

    private static readonly byte[] PubRelOrPubComp = [0x00, 0x92];

    private static readonly byte[] SubAck = [0x00, 0x01, 0x02, 0x80, 0x83, 0x87, 0x8F, 0x91, 0x97, 0x9E, 0xA1, 0xA2];

    private static readonly byte[] UnsubAck = [0x00, 0x11, 0x80, 0x83, 0x87, 0x8F, 0x91];

    private static readonly byte[] Disconnect =
    [
        0x00, 0x04, 0x80, 0x81, 0x82, 0x83, 0x87, 0x89, 0x8B, 0x8D, 0x8E, 0x8F, 0x90, 0x93, 0x94, 0x95, 0x96, 0x97,
        0x98, 0x99, 0x9A, 0x9B, 0x9C, 0x9D, 0x9E, 0x9F, 0xA0, 0xA1, 0xA2,
    ];

    private static readonly byte[] Auth = [0x00, 0x18, 0x19];

    /// <summary>Throws Malformed Packet when <paramref name="reasonCode"/> is not defined for the packet type.</summary>
    public static MqttReasonCode Ensure(MqttPacketType packetType, byte reasonCode)
    {
        ReadOnlySpan<byte> allowed = packetType switch
        {
            MqttPacketType.ConnAck => ConnAck,
            MqttPacketType.PubAck or MqttPacketType.PubRec => PubAckOrPubRec,
            MqttPacketType.PubRel or MqttPacketType.PubComp => PubRelOrPubComp,
            MqttPacketType.SubAck => SubAck,
            MqttPacketType.UnsubAck => UnsubAck,
            MqttPacketType.Disconnect => Disconnect,
            MqttPacketType.Auth => Auth,
            _ => [],
        };
        if (!allowed.Contains(reasonCode))
        {
            MqttProtocolException.ThrowMalformed($"Reason Code 0x{reasonCode:X2} is not defined for {packetType}");
        }

        return (MqttReasonCode)reasonCode;
    }
}
