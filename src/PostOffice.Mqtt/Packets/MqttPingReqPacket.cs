namespace PostOffice.Mqtt.Packets;

/// <summary>PINGREQ: a fixed header with Remaining Length 0 and no other content.</summary>
public sealed class MqttPingReqPacket : MqttPacket
{
    public static readonly MqttPingReqPacket Instance = new();

    public override MqttPacketType PacketType => MqttPacketType.PingReq;

    internal override int GetRemainingLength(MqttProtocolVersion version) => 0;

    internal override void WriteBody(ref MqttSpanWriter writer, MqttProtocolVersion version)
    {
    }

    internal static MqttPingReqPacket Read(in MqttFrame frame)
    {
        MqttPacketRules.EnsureFlags(frame, 0);
        if (frame.Body.Length != 0)
        {
            MqttProtocolException.ThrowMalformed("PINGREQ must have Remaining Length 0");
        }

        return Instance;
    }
}
