using System.Buffers;

namespace PostOffice.Mqtt.Packets;

/// <summary>Encodes packets: fixed header (2.1), then the packet's variable header and payload.</summary>
public static class MqttPacketWriter
{
    /// <summary>Total encoded size: fixed header plus Remaining Length.</summary>
    public static int GetSize(MqttPacket packet, MqttProtocolVersion version)
    {
        var remainingLength = packet.GetRemainingLength(version);
        return 1 + MqttPrimitiveWriter.GetVariableByteIntegerSize(remainingLength) + remainingLength;
    }

    /// <summary>Writes into <paramref name="destination"/>, which must hold GetSize bytes; returns the bytes written.</summary>
    public static int Write(MqttPacket packet, MqttProtocolVersion version, Span<byte> destination)
    {
        var remainingLength = packet.GetRemainingLength(version);
        var writer = new MqttSpanWriter(destination);
        writer.WriteByte((byte)(((int)packet.PacketType << 4) | packet.FixedHeaderFlags));
        writer.WriteVariableByteInteger(remainingLength);
        var bodyStart = writer.Position;
        packet.WriteBody(ref writer, version);
        if (writer.Position - bodyStart != remainingLength)
        {
            throw new InvalidOperationException($"{packet.PacketType} wrote {writer.Position - bodyStart} bytes, sized {remainingLength}");
        }

        return writer.Position;
    }

    public static int Write(MqttPacket packet, MqttProtocolVersion version, IBufferWriter<byte> output)
    {
        var size = GetSize(packet, version);
        var written = Write(packet, version, output.GetSpan(size));
        output.Advance(written);
        return written;
    }
}
