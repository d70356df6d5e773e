using PostOffice.Mqtt.Properties;

namespace PostOffice.Mqtt.Packets;

/// <summary>Encoding shared by SUBACK and UNSUBACK: Packet Identifier, Properties (5.0), reason codes.</summary>
internal static class MqttAcknowledgement
{
    public static int GetRemainingLength(MqttProtocolVersion version, MqttProperties properties, MqttPropertyContext context, int reasonCodeCount) =>
        version == MqttProtocolVersion.V500
            ? 2 + MqttProperties.GetSize(properties.GetContentSize(context)) + reasonCodeCount
            : 2 + reasonCodeCount;

    public static void WriteBody(
        ref MqttSpanWriter writer,
        MqttProtocolVersion version,
        ushort packetIdentifier,
        MqttProperties properties,
        MqttPropertyContext context,
        List<MqttReasonCode> reasonCodes)
    {
        writer.WriteTwoByteInteger(packetIdentifier);
        if (version == MqttProtocolVersion.V500)
        {
            properties.Write(ref writer, properties.GetContentSize(context));
        }

        foreach (var reasonCode in reasonCodes)
        {
            writer.WriteByte((byte)reasonCode);
        }
    }
}
