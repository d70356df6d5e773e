namespace PostOffice.Mqtt.Packets;

/// <summary>
/// Decodes whole frames into packets. Throws only <see cref="MqttProtocolException"/>, and reads only the
/// frame's Remaining Length bytes.
/// </summary>
public static class MqttPacketReader
{
    /// <summary>
    /// Reads a CONNECT, the one packet decoded before the protocol level is known. An unsupported Protocol
    /// Level or Protocol Name is a result, not an exception, because the server answers it with a CONNACK.
    /// </summary>
    public static MqttConnectReadStatus TryReadConnect(in MqttFrame frame, out MqttConnectPacket? packet, out byte protocolLevel)
    {
        if (frame.PacketType != MqttPacketType.Connect)
        {
            // [MQTT-3.1.0-1]: the first packet from the client is CONNECT.
            MqttProtocolException.ThrowProtocolError($"Expected CONNECT, received {frame.PacketType} [MQTT-3.1.0-1]");
        }

        return MqttConnectPacket.TryRead(frame, out packet, out protocolLevel);
    }

    /// <summary>Reads any packet at a known protocol level (the one the CONNECT chose).</summary>
    public static MqttPacket Read(in MqttFrame frame, MqttProtocolVersion version)
    {
        switch (frame.PacketType)
        {
            case MqttPacketType.Connect:
                if (MqttConnectPacket.TryRead(frame, out var connect, out var level) != MqttConnectReadStatus.Success)
                {
                    MqttProtocolException.Throw(MqttReasonCode.UnsupportedProtocolVersion, $"Unsupported protocol name or level {level}");
                }

                return connect!;
            case MqttPacketType.ConnAck: return MqttConnAckPacket.Read(frame, version);
            case MqttPacketType.Publish: return MqttPublishPacket.Read(frame, version);
            case MqttPacketType.PubAck: return MqttPublishResponsePacket.Read<MqttPubAckPacket>(frame, version, 0);
            case MqttPacketType.PubRec: return MqttPublishResponsePacket.Read<MqttPubRecPacket>(frame, version, 0);
            case MqttPacketType.PubRel: return MqttPublishResponsePacket.Read<MqttPubRelPacket>(frame, version, 0x02);
            case MqttPacketType.PubComp: return MqttPublishResponsePacket.Read<MqttPubCompPacket>(frame, version, 0);
            case MqttPacketType.Subscribe: return MqttSubscribePacket.Read(frame, version);
            case MqttPacketType.SubAck: return MqttSubAckPacket.Read(frame, version);
            case MqttPacketType.Unsubscribe: return MqttUnsubscribePacket.Read(frame, version);
            case MqttPacketType.UnsubAck: return MqttUnsubAckPacket.Read(frame, version);
            case MqttPacketType.PingReq: return MqttPingReqPacket.Read(frame);
            case MqttPacketType.PingResp: return MqttPingRespPacket.Read(frame);
            case MqttPacketType.Disconnect: return MqttDisconnectPacket.Read(frame, version);
            case MqttPacketType.Auth when version == MqttProtocolVersion.V500: return MqttAuthPacket.Read(frame);
            default:
                MqttProtocolException.ThrowMalformed($"Packet type {(int)frame.PacketType} is reserved at protocol level {(int)version}");
                return null;
        }
    }
}
