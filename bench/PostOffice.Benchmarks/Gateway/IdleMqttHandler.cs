using PostOffice.Gateway.Transport;
using PostOffice.Mqtt;
using PostOffice.Mqtt.Packets;

namespace PostOffice.Benchmarks.Gateway;

/// <summary>
/// The least a broker must answer for idle clients: CONNACK to CONNECT, SUBACK to SUBSCRIBE, PINGRESP to PINGREQ.
/// Nothing is kept per connection beyond what the transport holds, so a run measures the transport alone.
/// </summary>
internal sealed class IdleMqttHandler : IMqttConnectionHandler
{
    private const int MaximumPacketSize = 64 * 1024;

    private static readonly byte[] PingResp = [0xD0, 0x00];

    public async Task RunAsync(MqttTransportConnection connection)
    {
        var version = MqttProtocolVersion.V311;
        try
        {
            while (await connection.ReadFrameAsync(MaximumPacketSize))
            {
                var frame = connection.CurrentFrame;
                switch (frame.PacketType)
                {
                    case MqttPacketType.Connect:
                        if (MqttPacketReader.TryReadConnect(frame, out var connect, out _) != MqttConnectReadStatus.Success)
                        {
                            return;
                        }

                        version = connect!.ProtocolVersion;
                        Write(connection, new MqttConnAckPacket { ReasonCode = MqttReasonCode.Success }, version);
                        break;
                    case MqttPacketType.Subscribe:
                        var subscribe = (MqttSubscribePacket)MqttPacketReader.Read(frame, version);
                        var subAck = new MqttSubAckPacket { PacketIdentifier = subscribe.PacketIdentifier };
                        foreach (var subscription in subscribe.Subscriptions)
                        {
                            subAck.ReasonCodes.Add((MqttReasonCode)subscription.MaximumQualityOfService);
                        }

                        Write(connection, subAck, version);
                        break;
                    case MqttPacketType.PingReq:
                        connection.TryWrite(PingResp);
                        break;
                    case MqttPacketType.Disconnect:
                        return;
                    default:
                        break;
                }
            }
        }
        catch (MqttProtocolException)
        {
            // A malformed client only loses its own connection.
        }
    }

    private static void Write(MqttTransportConnection connection, MqttPacket packet, MqttProtocolVersion version)
    {
        Span<byte> buffer = stackalloc byte[256];
        var length = MqttPacketWriter.Write(packet, version, buffer);
        connection.TryWrite(buffer[..length]);
    }
}
