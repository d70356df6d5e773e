namespace PostOffice.Mqtt.Packets;

/// <summary>PINGRESP: a fixed header with Remaining Length 0 and no other content.</summary>
public sealed class MqttPingRespPacket : MqttPacket
{
    public static readonly MqttPingRespPacket Instance = new();

    public override MqttPacketType PacketType => MqttPacketType.PingResp;

    internal override int GetRemainingLength(MqttProtocolVersion version) => 0;

    internal override void WriteBody(ref MqttSpanWriter writer, MqttProtocolVersion version)
    {
    }

    internal static MqttPingRespPacket Read(in MqttFrame frame)
    {
        MqttPacketRules.EnsureFlags(frame, 0);
        if (frame.Body.Length != 0)
        {
            MqttProtocolException.ThrowMalformed("PINGRESP must have Remaining Length 0");
        }

        return Instance;
    }
}
