using FsCheck;
using FsCheck.Fluent;
using PostOffice.Mqtt.Packets;

namespace PostOffice.Mqtt.Tests;

/// <summary><see cref="MqttPublishTopicAlias"/>: an encoded PUBLISH given a Topic Alias, with or without its Topic Name.</summary>
public sealed class TopicAliasRewriteTests
{
    [Fact]
    public void Write_SmallPublish_MatchesSpecLayout()
    {
        // 32 = PUBLISH QoS 1; 0A = Remaining Length 10; 0003 "a/b" Topic Name; 0007 Packet Identifier;
        // 00 = no properties; "hi" payload.
        var source = Codec.Hex("32 0A 0003 612F62 0007 00 6869");

        // With its Topic Name: properties 03 = Topic Alias (0x23) 0005; Remaining Length 13.
        AssertRewrites(source, 5, withTopicName: true, "32 0D 0003 612F62 0007 03 230005 6869");

        // Without: a zero-length Topic Name; Remaining Length 10.
        AssertRewrites(source, 5, withTopicName: false, "32 0A 0000 0007 03 230005 6869");
    }

    [Fact]
    public void Write_ExistingPropertiesAndQos0_KeepsThemAfterTheAlias()
    {
        // 30 0F; 0005 "topic"; 06 = properties: 0101 (Payload Format Indicator 1), 03 0001 63 (Content Type "c"); "x".
        var packet = new MqttPublishPacket { TopicName = "topic", Payload = "x"u8.ToArray() };
        packet.Properties.PayloadFormatIndicator = 1;
        packet.Properties.ContentType = "c";
        var source = Codec.Encode(packet, MqttProtocolVersion.V500);

        Assert.Equal(Codec.Hex("30 0F 0005 746F706963 06 0101 03000163 78"), source);

        // Remaining Length 18; properties 09 = the alias (23 0002) and the two there were.
        AssertRewrites(source, 2, withTopicName: true, "30 12 0005 746F706963 09 230002 0101 03000163 78");
    }

    [Fact]
    public void Write_AliasZero_IsRefused()
    {
        var source = Codec.Hex("30 06 0003 612F62 00 68");

        // [MQTT-3.3.2-8]: a Topic Alias of 0 is never sent.
        Assert.Throws<ArgumentOutOfRangeException>(() => MqttPublishTopicAlias.Write(source, 0, withTopicName: true, new byte[32]));
    }

    [Fact]
    public void Write_PropertiesLengthCrossesAVariableByteIntegerBoundary_GrowsTheLengthField()
    {
        // 126 bytes of properties take one length byte; with the alias, 129 take two.
        var packet = new MqttPublishPacket { TopicName = "t/u", Payload = "p"u8.ToArray() };
        packet.Properties.ContentType = new string('c', 123);
        var source = Codec.Encode(packet, MqttProtocolVersion.V500);

        var rewritten = Rewrite(source, 9, withTopicName: false);
        var decoded = Assert.IsType<MqttPublishPacket>(Codec.Decode(rewritten, MqttProtocolVersion.V500));

        Assert.Equal((string.Empty, (ushort?)9, packet.Properties.ContentType, "p"), (decoded.TopicName, decoded.Properties.TopicAlias, decoded.Properties.ContentType, System.Text.Encoding.UTF8.GetString(decoded.Payload.Span)));
        Assert.Equal(source.Length - 3 + 3 + 1, rewritten.Length);
    }

    [Fact]
    public void Write_RandomPublish_DecodesToTheSamePacketWithTheAlias()
    {
        var property = Prop.ForAll(ArbMap.Default.ArbFor<int>(), seed =>
        {
            var random = new Random(seed);
            var packet = new PacketGenerator(seed, MqttProtocolVersion.V500).NextPublish();
            packet.Properties.TopicAlias = null;
            var source = Codec.Encode(packet, MqttProtocolVersion.V500);
            var alias = (ushort)random.Next(1, 65536);
            var withTopicName = random.Next(2) == 0;

            var decoded = (MqttPublishPacket)Codec.Decode(Rewrite(source, alias, withTopicName), MqttProtocolVersion.V500);

            // Taking the alias away and putting the name back gives the original bytes.
            var restored = decoded.Properties.TopicAlias == alias && decoded.TopicName == (withTopicName ? packet.TopicName : string.Empty);
            decoded.Properties.TopicAlias = null;
            decoded.TopicName = packet.TopicName;
            return restored && source.AsSpan().SequenceEqual(Codec.Encode(decoded, MqttProtocolVersion.V500));
        });
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(500), property);
    }

    private static void AssertRewrites(byte[] source, ushort alias, bool withTopicName, string expectedHex)
    {
        var rewritten = Rewrite(source, alias, withTopicName);

        Assert.Equal(Codec.Hex(expectedHex), rewritten);
        Assert.Equal(alias, ((MqttPublishPacket)Codec.Decode(rewritten, MqttProtocolVersion.V500)).Properties.TopicAlias);
    }

    private static byte[] Rewrite(byte[] source, ushort alias, bool withTopicName)
    {
        var destination = new byte[MqttPublishTopicAlias.GetSize(source, withTopicName)];
        Assert.Equal(destination.Length, MqttPublishTopicAlias.Write(source, alias, withTopicName, destination));
        return destination;
    }
}
