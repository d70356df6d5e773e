using PostOffice.Mqtt.Packets;
using PostOffice.Mqtt.Properties;

namespace PostOffice.Mqtt.Tests;

/// <summary>Expected bytes written by hand from the specs; each fixture is both encoded and decoded.</summary>
public sealed class GoldenFixtureTests
{
    private static void AssertEncodes(MqttPacket packet, MqttProtocolVersion version, string hex) =>
        Assert.Equal(Codec.Hex(hex), Codec.Encode(packet, version));

    [Fact]
    public void Connect_V311WithUserNameAndPassword_MatchesSpecLayout()
    {
        // 10 = CONNECT; 15 = Remaining Length 21.
        // 0004 4D515454 = Protocol Name "MQTT"; 04 = level 4;
        // C2 = User Name (0x80) | Password (0x40) | Clean Session (0x02); 003C = Keep Alive 60.
        // Payload: 0003 "abc" Client Identifier, 0001 "u" User Name, 0001 "p" Password.
        const string hex = "10 15 0004 4D515454 04 C2 003C 0003 616263 0001 75 0001 70";
        AssertEncodes(
            new MqttConnectPacket
            {
                ProtocolVersion = MqttProtocolVersion.V311,
                ClientIdentifier = "abc",
                CleanStart = true,
                KeepAlive = 60,
                UserName = "u",
                Password = "p"u8.ToArray(),
            },
            MqttProtocolVersion.V311,
            hex);

        Assert.Equal(MqttConnectReadStatus.Success, ReadConnect(hex, out var packet, out var level));
        Assert.Equal(4, level);
        Assert.Equal(MqttProtocolVersion.V311, packet!.ProtocolVersion);
        Assert.Equal("abc", packet.ClientIdentifier);
        Assert.True(packet.CleanStart);
        Assert.Equal(60, packet.KeepAlive);
        Assert.Equal("u", packet.UserName);
        Assert.Equal("p"u8.ToArray(), packet.Password!.Value.ToArray());
        Assert.Null(packet.Will);
    }

    [Fact]
    public void Connect_V500WithWillAndProperties_MatchesSpecLayout()
    {
        // 10 1F = CONNECT, Remaining Length 31. 0004 "MQTT", 05 = level 5.
        // 2E = Will Retain (0x20) | Will QoS 1 (0x08) | Will Flag (0x04) | Clean Start (0x02); 000A = Keep Alive 10.
        // 05 11 0000001E = Properties (5 bytes): Session Expiry Interval 30.
        // Payload: 0001 "c" Client Identifier; 05 18 00000005 = Will Properties: Will Delay Interval 5;
        // 0001 "w" Will Topic; 0001 "x" Will Payload.
        const string hex = "10 1F 0004 4D515454 05 2E 000A 05 11 0000001E 0001 63 05 18 00000005 0001 77 0001 78";
        var expected = new MqttConnectPacket
        {
            ClientIdentifier = "c",
            CleanStart = true,
            KeepAlive = 10,
            Properties = { SessionExpiryInterval = 30 },
            Will = new MqttWill
            {
                Topic = "w",
                Payload = "x"u8.ToArray(),
                QualityOfService = MqttQualityOfService.AtLeastOnce,
                Retain = true,
                Properties = { WillDelayInterval = 5 },
            },
        };
        AssertEncodes(expected, MqttProtocolVersion.V500, hex);

        Assert.Equal(MqttConnectReadStatus.Success, ReadConnect(hex, out var packet, out _));
        Assert.Equal(30u, packet!.Properties.SessionExpiryInterval);
        Assert.Equal("w", packet.Will!.Topic);
        Assert.Equal(MqttQualityOfService.AtLeastOnce, packet.Will.QualityOfService);
        Assert.True(packet.Will.Retain);
        Assert.Equal(5u, packet.Will.Properties.WillDelayInterval);
        Assert.Null(packet.UserName);
        Assert.Null(packet.Password);
    }

    [Fact]
    public void ConnAck_V311SessionPresent_MatchesSpecLayout()
    {
        // 20 02 = CONNACK, Remaining Length 2; 01 = Session Present; 00 = Connection Accepted.
        AssertEncodes(new MqttConnAckPacket { SessionPresent = true }, MqttProtocolVersion.V311, "20 02 01 00");
        var packet = Assert.IsType<MqttConnAckPacket>(Codec.Decode(Codec.Hex("20 02 01 00"), MqttProtocolVersion.V311));
        Assert.True(packet.SessionPresent);
        Assert.Equal(MqttReasonCode.Success, packet.ReasonCode);
    }

    [Fact]
    public void ConnAck_V500WithProperties_MatchesSpecLayout()
    {
        // 20 0B = CONNACK, 11 bytes; 00 flags; 00 Success; 08 = Property Length 8:
        // 12 0002 "id" Assigned Client Identifier; 21 000A Receive Maximum 10.
        const string hex = "20 0B 00 00 08 12 0002 6964 21 000A";
        AssertEncodes(
            new MqttConnAckPacket { Properties = { AssignedClientIdentifier = "id", ReceiveMaximum = 10 } },
            MqttProtocolVersion.V500,
            hex);
        var packet = Assert.IsType<MqttConnAckPacket>(Codec.Decode(Codec.Hex(hex), MqttProtocolVersion.V500));
        Assert.Equal("id", packet.Properties.AssignedClientIdentifier);
        Assert.Equal((ushort)10, packet.Properties.ReceiveMaximum);
    }

    [Fact]
    public void Publish_V500QoS0Retained_MatchesSpecLayout()
    {
        // 31 = PUBLISH, QoS 0, RETAIN; 0E = 14 bytes. 0003 "a/b" Topic Name; no Packet Identifier at QoS 0.
        // 06 = Property Length: 01 01 Payload Format Indicator UTF-8; 03 0001 "t" Content Type. Payload "hi".
        const string hex = "31 0E 0003 612F62 06 0101 03000174 6869";
        AssertEncodes(
            new MqttPublishPacket
            {
                Retain = true,
                TopicName = "a/b",
                Properties = { PayloadFormatIndicator = 1, ContentType = "t" },
                Payload = "hi"u8.ToArray(),
            },
            MqttProtocolVersion.V500,
            hex);
        var packet = Assert.IsType<MqttPublishPacket>(Codec.Decode(Codec.Hex(hex), MqttProtocolVersion.V500));
        Assert.True(packet.Retain);
        Assert.Equal(MqttQualityOfService.AtMostOnce, packet.QualityOfService);
        Assert.Equal("a/b", packet.TopicName);
        Assert.Equal((byte)1, packet.Properties.PayloadFormatIndicator);
        Assert.Equal("t", packet.Properties.ContentType);
        Assert.Equal("hi"u8.ToArray(), packet.Payload.ToArray());
    }

    [Fact]
    public void Publish_V500QoS1DupWithProperties_MatchesSpecLayout()
    {
        // 3A = PUBLISH, DUP (0x08), QoS 1 (0x02); 19 = 25 bytes. 0001 "t" Topic Name; 0007 Packet Identifier.
        // 12 = Property Length 18: 02 0000003C Message Expiry Interval 60; 0B C801 Subscription Identifier 200
        // (Variable Byte Integer C8 01); 23 0002 Topic Alias 2; 26 0001 "k" 0001 "v" User Property. Payload "x".
        const string hex = "3A 19 0001 74 0007 12 02 0000003C 0B C801 23 0002 26 0001 6B 0001 76 78";
        var expected = new MqttPublishPacket
        {
            Dup = true,
            QualityOfService = MqttQualityOfService.AtLeastOnce,
            TopicName = "t",
            PacketIdentifier = 7,
            Properties = { MessageExpiryInterval = 60, TopicAlias = 2, SubscriptionIdentifiers = { 200 }, UserProperties = { new MqttUserProperty("k", "v") } },
            Payload = "x"u8.ToArray(),
        };
        AssertEncodes(expected, MqttProtocolVersion.V500, hex);
        var packet = Assert.IsType<MqttPublishPacket>(Codec.Decode(Codec.Hex(hex), MqttProtocolVersion.V500));
        Assert.True(packet.Dup);
        Assert.Equal(7, packet.PacketIdentifier);
        Assert.Equal(60u, packet.Properties.MessageExpiryInterval);
        Assert.Equal((ushort)2, packet.Properties.TopicAlias);
        Assert.Equal([200], packet.Properties.SubscriptionIdentifiers);
        Assert.Equal([new MqttUserProperty("k", "v")], packet.Properties.UserProperties);
    }

    [Fact]
    public void Publish_V311QoS1_MatchesSpecLayout()
    {
        // 32 = PUBLISH QoS 1; 06 bytes: 0001 "t", 0007 Packet Identifier, payload "x" (no properties in 3.1.1).
        AssertEncodes(
            new MqttPublishPacket { QualityOfService = MqttQualityOfService.AtLeastOnce, TopicName = "t", PacketIdentifier = 7, Payload = "x"u8.ToArray() },
            MqttProtocolVersion.V311,
            "32 06 0001 74 0007 78");
    }

    [Fact]
    public void Subscribe_V500WithOptions_MatchesSpecLayout()
    {
        // 82 = SUBSCRIBE with reserved flags 0b0010 [MQTT-3.8.1-1]; 0F = 15 bytes; 000A Packet Identifier.
        // 02 0B 01 = Properties: Subscription Identifier 1.
        // 0003 "a/+" then options 2D = Retain Handling 2 (0x20) | Retain As Published (0x08) | No Local (0x04) | QoS 1.
        // 0001 "#" then options 02 = QoS 2.
        const string hex = "82 0F 000A 02 0B01 0003 612F2B 2D 0001 23 02";
        var expected = new MqttSubscribePacket { PacketIdentifier = 10, Properties = { SubscriptionIdentifiers = { 1 } } };
        expected.Subscriptions.Add(new MqttSubscription
        {
            TopicFilter = "a/+",
            MaximumQualityOfService = MqttQualityOfService.AtLeastOnce,
            NoLocal = true,
            RetainAsPublished = true,
            RetainHandling = MqttRetainHandling.DoNotSend,
        });
        expected.Subscriptions.Add(new MqttSubscription { TopicFilter = "#", MaximumQualityOfService = MqttQualityOfService.ExactlyOnce });
        AssertEncodes(expected, MqttProtocolVersion.V500, hex);

        var packet = Assert.IsType<MqttSubscribePacket>(Codec.Decode(Codec.Hex(hex), MqttProtocolVersion.V500));
        Assert.Equal(10, packet.PacketIdentifier);
        Assert.Equal([1], packet.Properties.SubscriptionIdentifiers);
        Assert.Equal(2, packet.Subscriptions.Count);
        var first = packet.Subscriptions[0];
        Assert.Equal(("a/+", MqttQualityOfService.AtLeastOnce, true, true, MqttRetainHandling.DoNotSend), (first.TopicFilter, first.MaximumQualityOfService, first.NoLocal, first.RetainAsPublished, first.RetainHandling));
        Assert.Equal(("#", MqttQualityOfService.ExactlyOnce, false), (packet.Subscriptions[1].TopicFilter, packet.Subscriptions[1].MaximumQualityOfService, packet.Subscriptions[1].NoLocal));
    }

    [Fact]
    public void Disconnect_V500WithReasonAndProperties_MatchesSpecLayout()
    {
        // E0 = DISCONNECT; 0D = 13 bytes; 04 = Disconnect with Will Message; 0B = Property Length 11:
        // 11 00000000 Session Expiry Interval 0; 1F 0003 "bye" Reason String.
        const string hex = "E0 0D 04 0B 11 00000000 1F 0003 627965";
        AssertEncodes(
            new MqttDisconnectPacket { ReasonCode = MqttReasonCode.DisconnectWithWillMessage, Properties = { SessionExpiryInterval = 0, ReasonString = "bye" } },
            MqttProtocolVersion.V500,
            hex);
        var packet = Assert.IsType<MqttDisconnectPacket>(Codec.Decode(Codec.Hex(hex), MqttProtocolVersion.V500));
        Assert.Equal(MqttReasonCode.DisconnectWithWillMessage, packet.ReasonCode);
        Assert.Equal(0u, packet.Properties.SessionExpiryInterval);
        Assert.Equal("bye", packet.Properties.ReasonString);
    }

    [Fact]
    public void Disconnect_V500NormalWithoutProperties_UsesShortForm()
    {
        // 3.14.2.1: Remaining Length 0 means Normal disconnection with no properties.
        AssertEncodes(new MqttDisconnectPacket(), MqttProtocolVersion.V500, "E0 00");
    }

    [Fact]
    public void PubAck_V500SuccessWithoutProperties_UsesShortForm()
    {
        // 3.4.2.1: the Reason Code is omitted when it is Success and there are no Properties.
        AssertEncodes(new MqttPubAckPacket { PacketIdentifier = 7 }, MqttProtocolVersion.V500, "40 02 0007");
        AssertEncodes(new MqttPubAckPacket { PacketIdentifier = 7, ReasonCode = MqttReasonCode.NoMatchingSubscribers }, MqttProtocolVersion.V500, "40 03 0007 10");
    }

    [Fact]
    public void PubRel_V311_HasReservedFlags0010()
    {
        // [MQTT-3.6.1-1]: 62 = PUBREL (6) with flags 0b0010.
        AssertEncodes(new MqttPubRelPacket { PacketIdentifier = 7 }, MqttProtocolVersion.V311, "62 02 0007");
    }

    private static MqttConnectReadStatus ReadConnect(string hex, out MqttConnectPacket? packet, out byte level)
    {
        var buffer = new System.Buffers.ReadOnlySequence<byte>(Codec.Hex(hex));
        Assert.True(MqttFrameReader.TryReadFrame(ref buffer, Codec.NoLimit, out var frame));
        return MqttPacketReader.TryReadConnect(frame, out packet, out level);
    }
}
