using PostOffice.Mqtt.Packets;
using PostOffice.Mqtt.Properties;

namespace PostOffice.Mqtt.Tests;

public sealed class RoundTripTests
{
    public static TheoryData<MqttProtocolVersion> Versions => [MqttProtocolVersion.V311, MqttProtocolVersion.V500];

    private static MqttProperties Maybe(MqttProtocolVersion version, MqttProperties properties) =>
        version == MqttProtocolVersion.V500 ? properties : new MqttProperties();

    [Theory]
    [MemberData(nameof(Versions))]
    public void Connect_AllFields_RoundTrips(MqttProtocolVersion version)
    {
        var decoded = Codec.RoundTrip(
            new MqttConnectPacket
            {
                ProtocolVersion = version,
                ClientIdentifier = "client-1",
                KeepAlive = 65535,
                UserName = "user",
                Password = new byte[] { 0, 1, 2 },
                Properties = Maybe(version, new MqttProperties { ReceiveMaximum = 5, MaximumPacketSize = 1024, AuthenticationMethod = "SCRAM", AuthenticationData = [9], UserProperties = { new("a", "b") } }),
                Will = new MqttWill { Topic = "will/t", Payload = new byte[] { 7 }, QualityOfService = MqttQualityOfService.ExactlyOnce, Properties = Maybe(version, new MqttProperties { ContentType = "text", CorrelationData = [1, 2] }) },
            },
            version);
        Assert.Equal(version, decoded.ProtocolVersion);
        Assert.Equal("client-1", decoded.ClientIdentifier);
        Assert.False(decoded.CleanStart);
        Assert.Equal(MqttQualityOfService.ExactlyOnce, decoded.Will!.QualityOfService);
    }

    [Fact]
    public void Connect_V500PasswordWithoutUserName_RoundTrips()
    {
        // 5.0 allows a Password without a User Name (3.1.2.9); 3.1.1 does not [MQTT-3.1.2-22].
        var decoded = Codec.RoundTrip(new MqttConnectPacket { ClientIdentifier = "c", Password = new byte[] { 1 } }, MqttProtocolVersion.V500);
        Assert.Null(decoded.UserName);
        Assert.NotNull(decoded.Password);
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public void ConnAck_RoundTrips(MqttProtocolVersion version) =>
        Codec.RoundTrip(new MqttConnAckPacket { ReasonCode = version == MqttProtocolVersion.V500 ? MqttReasonCode.NotAuthorized : (MqttReasonCode)MqttConnectReturnCode.NotAuthorized, Properties = Maybe(version, new MqttProperties { MaximumQoS = 1, ServerKeepAlive = 30, ReasonString = "no" }) }, version);

    [Theory]
    [MemberData(nameof(Versions))]
    public void Publish_QoS2WithEmptyPayload_RoundTrips(MqttProtocolVersion version)
    {
        var decoded = Codec.RoundTrip(new MqttPublishPacket { QualityOfService = MqttQualityOfService.ExactlyOnce, TopicName = "a/€", PacketIdentifier = 65535, Properties = Maybe(version, new MqttProperties { ResponseTopic = "r" }) }, version);
        Assert.True(decoded.Payload.IsEmpty);
        Assert.Equal("a/€", decoded.TopicName);
    }

    [Fact]
    public void Publish_V500EmptyTopicWithTopicAlias_RoundTrips() =>
        Codec.RoundTrip(new MqttPublishPacket { Properties = { TopicAlias = 3 }, Payload = new byte[] { 1 } }, MqttProtocolVersion.V500);

    [Theory]
    [MemberData(nameof(Versions))]
    public void PublishResponses_WithReasonAndProperties_RoundTrip(MqttProtocolVersion version)
    {
        MqttPublishResponsePacket[] packets = [new MqttPubAckPacket(), new MqttPubRecPacket(), new MqttPubRelPacket(), new MqttPubCompPacket()];
        foreach (var packet in packets)
        {
            packet.PacketIdentifier = 42;
            if (version == MqttProtocolVersion.V500)
            {
                packet.ReasonCode = packet.PacketType is MqttPacketType.PubAck or MqttPacketType.PubRec ? MqttReasonCode.NoMatchingSubscribers : MqttReasonCode.PacketIdentifierNotFound;
                packet.Properties.ReasonString = "why";
            }

            var decoded = Codec.RoundTrip(packet, version);
            Assert.Equal(42, decoded.PacketIdentifier);
            Assert.Equal(packet.ReasonCode, decoded.ReasonCode);
        }
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public void SubscribeAndSubAck_RoundTrip(MqttProtocolVersion version)
    {
        var subscribe = new MqttSubscribePacket { PacketIdentifier = 1 };
        subscribe.Subscriptions.Add(new MqttSubscription { TopicFilter = "sport/+/#", MaximumQualityOfService = MqttQualityOfService.AtLeastOnce });
        Codec.RoundTrip(subscribe, version);

        var subAck = new MqttSubAckPacket { PacketIdentifier = 1, ReasonCodes = { MqttReasonCode.GrantedQoS1, MqttReasonCode.UnspecifiedError } };
        Assert.Equal(subAck.ReasonCodes, Codec.RoundTrip(subAck, version).ReasonCodes);
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public void UnsubscribeAndUnsubAck_RoundTrip(MqttProtocolVersion version)
    {
        var unsubscribe = new MqttUnsubscribePacket { PacketIdentifier = 2, TopicFilters = { "a", "b/#" } };
        Assert.Equal(["a", "b/#"], Codec.RoundTrip(unsubscribe, version).TopicFilters);

        var unsubAck = new MqttUnsubAckPacket { PacketIdentifier = 2 };
        if (version == MqttProtocolVersion.V500)
        {
            unsubAck.ReasonCodes.AddRange([MqttReasonCode.Success, MqttReasonCode.NoSubscriptionExisted]);
        }

        Assert.Equal(unsubAck.ReasonCodes, Codec.RoundTrip(unsubAck, version).ReasonCodes);
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public void PingAndDisconnect_RoundTrip(MqttProtocolVersion version)
    {
        Assert.Equal(Codec.Hex("C0 00"), Codec.Encode(Codec.RoundTrip(MqttPingReqPacket.Instance, version), version));
        Assert.Equal(Codec.Hex("D0 00"), Codec.Encode(Codec.RoundTrip(MqttPingRespPacket.Instance, version), version));
        Codec.RoundTrip(new MqttDisconnectPacket(), version);
    }

    [Fact]
    public void Disconnect_V500ReasonOnly_RoundTripsInOneByte()
    {
        var packet = new MqttDisconnectPacket { ReasonCode = MqttReasonCode.ServerShuttingDown };
        Assert.Equal(Codec.Hex("E0 01 8B"), Codec.Encode(packet, MqttProtocolVersion.V500));
        Assert.Equal(MqttReasonCode.ServerShuttingDown, Codec.RoundTrip(packet, MqttProtocolVersion.V500).ReasonCode);
    }

    [Fact]
    public void Auth_V500_RoundTrips()
    {
        Assert.Equal(Codec.Hex("F0 00"), Codec.Encode(new MqttAuthPacket(), MqttProtocolVersion.V500));
        var decoded = Codec.RoundTrip(
            new MqttAuthPacket { ReasonCode = MqttReasonCode.ContinueAuthentication, Properties = { AuthenticationMethod = "SCRAM-SHA-1", AuthenticationData = [1, 2, 3] } },
            MqttProtocolVersion.V500);
        Assert.Equal("SCRAM-SHA-1", decoded.Properties.AuthenticationMethod);
    }

    [Fact]
    public void Properties_NotAllowedInPacket_ThrowOnEncode() =>
        Assert.Throws<ArgumentException>(() => Codec.Encode(new MqttPublishPacket { TopicName = "t", Properties = { SessionExpiryInterval = 1 } }, MqttProtocolVersion.V500));

    [Fact]
    public void Encode_PacketTheDecoderWouldReject_Throws()
    {
        Assert.Throws<InvalidOperationException>(() => Codec.Encode(new MqttPublishPacket { TopicName = "t", QualityOfService = MqttQualityOfService.AtLeastOnce }, MqttProtocolVersion.V311));
        Assert.Throws<InvalidOperationException>(() => Codec.Encode(new MqttPublishPacket { TopicName = "t", Dup = true }, MqttProtocolVersion.V311));
        Assert.Throws<InvalidOperationException>(() => Codec.Encode(new MqttPublishPacket { TopicName = "a/+" }, MqttProtocolVersion.V500));
        Assert.Throws<InvalidOperationException>(() => Codec.Encode(new MqttSubscribePacket { PacketIdentifier = 1 }, MqttProtocolVersion.V500));
        Assert.Throws<InvalidOperationException>(() => Codec.Encode(new MqttUnsubscribePacket { PacketIdentifier = 1 }, MqttProtocolVersion.V500));
        Assert.Throws<InvalidOperationException>(() => Codec.Encode(new MqttConnectPacket { Password = new byte[] { 1 } }, MqttProtocolVersion.V311));
    }
}
