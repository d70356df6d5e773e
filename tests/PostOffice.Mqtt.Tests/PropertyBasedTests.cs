using System.Buffers;
using FsCheck;
using FsCheck.Fluent;
using PostOffice.Mqtt.Packets;

namespace PostOffice.Mqtt.Tests;

public sealed class PropertyBasedTests
{
    private static readonly Config Config = Config.QuickThrowOnFailure.WithMaxTest(500);

    public static TheoryData<MqttProtocolVersion> Versions => [MqttProtocolVersion.V311, MqttProtocolVersion.V500];

    [Theory]
    [MemberData(nameof(Versions))]
    public void RandomValidPacket_EncodeThenDecode_RoundTripsExactly(MqttProtocolVersion version)
    {
        var property = Prop.ForAll(ArbMap.Default.ArbFor<int>(), seed =>
        {
            var packet = new PacketGenerator(seed, version).Next();
            var bytes = Codec.Encode(packet, version);
            var decoded = Codec.Decode(bytes, version);
            return decoded.PacketType == packet.PacketType && bytes.AsSpan().SequenceEqual(Codec.Encode(decoded, version));
        });
        Check.One(Config, property);
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public void RandomValidPacket_SplitAtEveryByteBoundary_DecodesIdentically(MqttProtocolVersion version)
    {
        var property = Prop.ForAll(ArbMap.Default.ArbFor<int>(), seed =>
        {
            var bytes = Codec.Encode(new PacketGenerator(seed, version).Next(), version);
            for (var at = 0; at <= bytes.Length; at++)
            {
                var decoded = Codec.Decode(TestSegment.Split(bytes, at), version);
                if (!bytes.AsSpan().SequenceEqual(Codec.Encode(decoded, version)))
                {
                    return false;
                }
            }

            return true;
        });
        Check.One(Config.WithMaxTest(200), property);
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public void RandomBytes_Decoded_DecodeOrNeedMoreOrThrowProtocolException(MqttProtocolVersion version)
    {
        var property = Prop.ForAll(ArbMap.Default.ArbFor<byte[]>(), bytes => DecodeAll(bytes, version));
        Check.One(Config.WithMaxTest(2000), property);
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public void MutatedValidPacket_Decoded_DecodeOrNeedMoreOrThrowProtocolException(MqttProtocolVersion version)
    {
        // Random bytes rarely get past the fixed header; flipping bytes of a valid packet reaches deeper.
        var property = Prop.ForAll(ArbMap.Default.ArbFor<int>(), seed =>
        {
            var bytes = Codec.Encode(new PacketGenerator(seed, version).Next(), version);
            var random = new Random(seed);
            for (var i = random.Next(1, 4); i > 0; i--)
            {
                bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
            }

            return DecodeAll(bytes, version);
        });
        Check.One(Config.WithMaxTest(2000), property);
    }

    /// <summary>
    /// Feeds bytes to the frame reader and decoder until they run out. Any exception other than
    /// MqttProtocolException escapes and fails the property; the loop ends because every successful
    /// frame consumes at least one byte.
    /// </summary>
    private static bool DecodeAll(byte[] bytes, MqttProtocolVersion version)
    {
        var buffer = new ReadOnlySequence<byte>(bytes);
        try
        {
            while (MqttFrameReader.TryReadFrame(ref buffer, 1 << 20, out var frame))
            {
                if (frame.PacketType == MqttPacketType.Connect)
                {
                    MqttPacketReader.TryReadConnect(frame, out _, out _);
                }
                else
                {
                    MqttPacketReader.Read(frame, version);
                }
            }
        }
        catch (MqttProtocolException)
        {
        }

        return true;
    }
}
