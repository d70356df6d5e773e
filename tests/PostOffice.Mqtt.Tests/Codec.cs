using System.Buffers;
using PostOffice.Mqtt.Packets;

namespace PostOffice.Mqtt.Tests;

internal static class Codec
{
    public const int NoLimit = int.MaxValue;

    public static byte[] Encode(MqttPacket packet, MqttProtocolVersion version)
    {
        var output = new ArrayBufferWriter<byte>();
        var written = MqttPacketWriter.Write(packet, version, output);
        Assert.Equal(MqttPacketWriter.GetSize(packet, version), written);
        return output.WrittenSpan.ToArray();
    }

    public static MqttPacket Decode(byte[] bytes, MqttProtocolVersion version) =>
        Decode(new ReadOnlySequence<byte>(bytes), version);

    /// <summary>Decodes exactly one whole packet and checks nothing is left over.</summary>
    public static MqttPacket Decode(ReadOnlySequence<byte> buffer, MqttProtocolVersion version)
    {
        Assert.True(MqttFrameReader.TryReadFrame(ref buffer, NoLimit, out var frame));
        Assert.True(buffer.IsEmpty);
        return MqttPacketReader.Read(frame, version);
    }

    public static T RoundTrip<T>(T packet, MqttProtocolVersion version)
        where T : MqttPacket
    {
        var bytes = Encode(packet, version);
        var decoded = Assert.IsAssignableFrom<T>(Decode(bytes, version));
        Assert.Equal(packet.GetType(), decoded.GetType());
        Assert.Equal(bytes, Encode(decoded, version));
        return decoded;
    }

    public static byte[] Hex(string hex) => Convert.FromHexString(hex.Replace(" ", string.Empty, StringComparison.Ordinal));
}
