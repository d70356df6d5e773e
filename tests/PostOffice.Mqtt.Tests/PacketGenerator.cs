using PostOffice.Mqtt.Packets;
using PostOffice.Mqtt.Properties;

namespace PostOffice.Mqtt.Tests;

/// <summary>
/// Builds random valid packets from a seed. FsCheck supplies the seed, so a failure names a seed that
/// replays exactly; shrinking is on the seed only.
/// </summary>
internal sealed class PacketGenerator
{
    private static readonly string[] Pieces = ["a", "b", "z", "/", "0", "é", "€", "\U0001F600", "\uFEFF", " "];

    private readonly Random _random;
    private readonly MqttProtocolVersion _version;

    public PacketGenerator(int seed, MqttProtocolVersion version)
    {
        _random = new Random(seed);
        _version = version;
    }

    private bool V5 => _version == MqttProtocolVersion.V500;

    public MqttPacket Next()
    {
        var types = V5 ? 15 : 14;
        return (MqttPacketType)_random.Next(1, types + 1) switch
        {
            MqttPacketType.Connect => NextConnect(),
            MqttPacketType.ConnAck => new MqttConnAckPacket
            {
                SessionPresent = Bool(),
                ReasonCode = V5 ? Pick(MqttReasonCode.Success, MqttReasonCode.NotAuthorized, MqttReasonCode.UnsupportedProtocolVersion) : (MqttReasonCode)_random.Next(0, 6),
                Properties = Properties(MqttPropertyContext.ConnAck),
            },
            MqttPacketType.Publish => NextPublish(),
            MqttPacketType.PubAck => Response(new MqttPubAckPacket()),
            MqttPacketType.PubRec => Response(new MqttPubRecPacket()),
            MqttPacketType.PubRel => Response(new MqttPubRelPacket()),
            MqttPacketType.PubComp => Response(new MqttPubCompPacket()),
            MqttPacketType.Subscribe => NextSubscribe(),
            MqttPacketType.SubAck => Fill(new MqttSubAckPacket { PacketIdentifier = PacketIdentifier(), Properties = Properties(MqttPropertyContext.SubAck) }),
            MqttPacketType.Unsubscribe => NextUnsubscribe(),
            MqttPacketType.UnsubAck => Fill(new MqttUnsubAckPacket { PacketIdentifier = PacketIdentifier(), Properties = Properties(MqttPropertyContext.UnsubAck) }),
            MqttPacketType.PingReq => MqttPingReqPacket.Instance,
            MqttPacketType.PingResp => MqttPingRespPacket.Instance,
            MqttPacketType.Disconnect => new MqttDisconnectPacket
            {
                ReasonCode = V5 ? Pick(MqttReasonCode.Success, MqttReasonCode.ServerShuttingDown) : MqttReasonCode.Success,
                Properties = Properties(MqttPropertyContext.Disconnect),
            },
            _ => new MqttAuthPacket { ReasonCode = MqttReasonCode.ContinueAuthentication, Properties = Properties(MqttPropertyContext.Auth) },
        };
    }

    private MqttConnectPacket NextConnect()
    {
        var packet = new MqttConnectPacket
        {
            ProtocolVersion = _version,
            ClientIdentifier = Text(0, 8),
            CleanStart = Bool(),
            KeepAlive = (ushort)_random.Next(0, 65536),
            UserName = Bool() ? Text(0, 5) : null,
            Properties = Properties(MqttPropertyContext.Connect),
        };
        if (packet.UserName is not null || V5)
        {
            packet.Password = Bool() ? Bytes(6) : null;
        }

        if (Bool())
        {
            packet.Will = new MqttWill
            {
                Topic = Text(1, 6),
                Payload = Bytes(10),
                QualityOfService = (MqttQualityOfService)_random.Next(0, 3),
                Retain = Bool(),
                Properties = Properties(MqttPropertyContext.Will),
            };
        }

        return packet;
    }

    public MqttPublishPacket NextPublish()
    {
        var qualityOfService = (MqttQualityOfService)_random.Next(0, 3);
        return new MqttPublishPacket
        {
            QualityOfService = qualityOfService,
            Dup = qualityOfService != MqttQualityOfService.AtMostOnce && Bool(),
            Retain = Bool(),
            TopicName = Text(1, 8),
            PacketIdentifier = qualityOfService == MqttQualityOfService.AtMostOnce ? (ushort)0 : PacketIdentifier(),
            Properties = Properties(MqttPropertyContext.Publish),
            Payload = Bytes(40),
        };
    }

    private MqttSubscribePacket NextSubscribe()
    {
        var packet = new MqttSubscribePacket { PacketIdentifier = PacketIdentifier(), Properties = Properties(MqttPropertyContext.Subscribe) };
        for (var i = _random.Next(1, 4); i > 0; i--)
        {
            packet.Subscriptions.Add(new MqttSubscription
            {
                TopicFilter = Pick("#", "+/a", "a/b", "sport/+/score/#", Text(1, 6)),
                MaximumQualityOfService = (MqttQualityOfService)_random.Next(0, 3),
                NoLocal = V5 && Bool(),
                RetainAsPublished = V5 && Bool(),
                RetainHandling = V5 ? (MqttRetainHandling)_random.Next(0, 3) : MqttRetainHandling.SendAtSubscribe,
            });
        }

        return packet;
    }

    private MqttUnsubscribePacket NextUnsubscribe()
    {
        var packet = new MqttUnsubscribePacket { PacketIdentifier = PacketIdentifier(), Properties = Properties(MqttPropertyContext.Unsubscribe) };
        for (var i = _random.Next(1, 4); i > 0; i--)
        {
            packet.TopicFilters.Add(Text(1, 6));
        }

        return packet;
    }

    private MqttSubAckPacket Fill(MqttSubAckPacket packet)
    {
        for (var i = _random.Next(1, 4); i > 0; i--)
        {
            packet.ReasonCodes.Add(Pick(MqttReasonCode.Success, MqttReasonCode.GrantedQoS1, MqttReasonCode.GrantedQoS2, MqttReasonCode.UnspecifiedError));
        }

        return packet;
    }

    private MqttUnsubAckPacket Fill(MqttUnsubAckPacket packet)
    {
        for (var i = V5 ? _random.Next(1, 4) : 0; i > 0; i--)
        {
            packet.ReasonCodes.Add(Pick(MqttReasonCode.Success, MqttReasonCode.NoSubscriptionExisted));
        }

        return packet;
    }

    private MqttPublishResponsePacket Response(MqttPublishResponsePacket packet)
    {
        packet.PacketIdentifier = PacketIdentifier();
        var failure = packet.PacketType is MqttPacketType.PubAck or MqttPacketType.PubRec ? MqttReasonCode.QuotaExceeded : MqttReasonCode.PacketIdentifierNotFound;
        packet.ReasonCode = V5 ? Pick(MqttReasonCode.Success, failure) : MqttReasonCode.Success;
        packet.Properties = Properties(MqttPropertyContext.PublishResponse);
        return packet;
    }

    /// <summary>Random properties, each set only where table 2-4 allows it.</summary>
    private MqttProperties Properties(MqttPropertyContext context)
    {
        var properties = new MqttProperties();
        if (!V5 || Bool())
        {
            return properties;
        }

        bool Maybe(MqttPropertyIdentifier identifier) => MqttPropertyRules.IsAllowed(context, identifier) && Bool();
        if (Maybe(MqttPropertyIdentifier.PayloadFormatIndicator)) { properties.PayloadFormatIndicator = (byte)_random.Next(0, 2); }
        if (Maybe(MqttPropertyIdentifier.MessageExpiryInterval)) { properties.MessageExpiryInterval = (uint)_random.NextInt64(0, uint.MaxValue); }
        if (Maybe(MqttPropertyIdentifier.ContentType)) { properties.ContentType = Text(0, 5); }
        if (Maybe(MqttPropertyIdentifier.ResponseTopic)) { properties.ResponseTopic = Text(1, 5); }
        if (Maybe(MqttPropertyIdentifier.CorrelationData)) { properties.CorrelationData = Bytes(5); }
        if (Maybe(MqttPropertyIdentifier.SubscriptionIdentifier))
        {
            var count = context == MqttPropertyContext.Subscribe ? 1 : _random.Next(1, 4);
            for (var i = 0; i < count; i++)
            {
                properties.SubscriptionIdentifiers.Add(Pick(1, 127, 128, 16_384, 268_435_455, _random.Next(1, 1000)));
            }
        }

        if (Maybe(MqttPropertyIdentifier.SessionExpiryInterval)) { properties.SessionExpiryInterval = (uint)_random.Next(); }
        if (Maybe(MqttPropertyIdentifier.AssignedClientIdentifier)) { properties.AssignedClientIdentifier = Text(1, 5); }
        if (Maybe(MqttPropertyIdentifier.ServerKeepAlive)) { properties.ServerKeepAlive = (ushort)_random.Next(0, 65536); }
        if (Maybe(MqttPropertyIdentifier.AuthenticationMethod)) { properties.AuthenticationMethod = Text(1, 5); }
        if (Maybe(MqttPropertyIdentifier.AuthenticationData)) { properties.AuthenticationData = Bytes(5); }
        if (Maybe(MqttPropertyIdentifier.RequestProblemInformation)) { properties.RequestProblemInformation = (byte)_random.Next(0, 2); }
        if (Maybe(MqttPropertyIdentifier.WillDelayInterval)) { properties.WillDelayInterval = (uint)_random.Next(); }
        if (Maybe(MqttPropertyIdentifier.RequestResponseInformation)) { properties.RequestResponseInformation = (byte)_random.Next(0, 2); }
        if (Maybe(MqttPropertyIdentifier.ResponseInformation)) { properties.ResponseInformation = Text(0, 5); }
        if (Maybe(MqttPropertyIdentifier.ServerReference)) { properties.ServerReference = Text(0, 5); }
        if (Maybe(MqttPropertyIdentifier.ReasonString)) { properties.ReasonString = Text(0, 5); }
        if (Maybe(MqttPropertyIdentifier.ReceiveMaximum)) { properties.ReceiveMaximum = (ushort)_random.Next(1, 65536); }
        if (Maybe(MqttPropertyIdentifier.TopicAliasMaximum)) { properties.TopicAliasMaximum = (ushort)_random.Next(0, 65536); }
        if (Maybe(MqttPropertyIdentifier.TopicAlias)) { properties.TopicAlias = (ushort)_random.Next(1, 65536); }
        if (Maybe(MqttPropertyIdentifier.MaximumQoS)) { properties.MaximumQoS = (byte)_random.Next(0, 2); }
        if (Maybe(MqttPropertyIdentifier.RetainAvailable)) { properties.RetainAvailable = (byte)_random.Next(0, 2); }
        if (Maybe(MqttPropertyIdentifier.MaximumPacketSize)) { properties.MaximumPacketSize = (uint)_random.Next(1, int.MaxValue); }
        if (Maybe(MqttPropertyIdentifier.WildcardSubscriptionAvailable)) { properties.WildcardSubscriptionAvailable = (byte)_random.Next(0, 2); }
        if (Maybe(MqttPropertyIdentifier.SubscriptionIdentifierAvailable)) { properties.SubscriptionIdentifierAvailable = (byte)_random.Next(0, 2); }
        if (Maybe(MqttPropertyIdentifier.SharedSubscriptionAvailable)) { properties.SharedSubscriptionAvailable = (byte)_random.Next(0, 2); }
        for (var i = Maybe(MqttPropertyIdentifier.UserProperty) ? _random.Next(1, 4) : 0; i > 0; i--)
        {
            properties.UserProperties.Add(new MqttUserProperty(Text(0, 4), Text(0, 4)));
        }

        return properties;
    }

    private bool Bool() => _random.Next(2) == 1;

    private ushort PacketIdentifier() => (ushort)_random.Next(1, 65536);

    private T Pick<T>(params T[] values) => values[_random.Next(values.Length)];

    private byte[] Bytes(int maximumLength)
    {
        var bytes = new byte[_random.Next(0, maximumLength + 1)];
        _random.NextBytes(bytes);
        return bytes;
    }

    private string Text(int minimumPieces, int maximumPieces)
    {
        var count = _random.Next(minimumPieces, maximumPieces + 1);
        return string.Concat(Enumerable.Range(0, count).Select(_ => Pieces[_random.Next(Pieces.Length)]));
    }
}
