using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using PostOffice.Gateway.Security;
using PostOffice.Mqtt;
using PostOffice.Mqtt.Packets;

namespace PostOffice.Gateway.Tests.Broker;

public sealed class BrokerTests : IAsyncLifetime
{
    private readonly MqttBroker _broker = NewBroker();

    internal static MqttBroker NewBroker(bool allowAnonymous = true, Dictionary<string, string>? users = null, TimeProvider? time = null) => new(
        new MqttGatewayOptions { SystemTopicInterval = TimeSpan.Zero },
        new PasswordAuthenticator(users ?? [], allowAnonymous),
        AllowAllAuthorizer.Instance,
        time ?? TimeProvider.System,
        NullLoggerFactory.Instance);

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _broker.DisposeAsync();

    [Fact]
    public async Task Connect_V5_AcceptsAndAnnouncesLimits()
    {
        var (client, ack) = await TestClient.ConnectAsync(_broker, "c1");
        await using var _ = client;

        Assert.Equal(MqttReasonCode.Success, ack.ReasonCode);
        Assert.False(ack.SessionPresent);
        Assert.Equal(_broker.Options.ReceiveMaximum, ack.Properties.ReceiveMaximum);
        Assert.Equal(_broker.Options.TopicAliasMaximum, ack.Properties.TopicAliasMaximum);
        Assert.Null(ack.Properties.AssignedClientIdentifier);
    }

    [Fact]
    public async Task Connect_EmptyClientId_V5IsAssignedOne_V311WithoutCleanSessionIsRefused()
    {
        var (v5, ack5) = await TestClient.ConnectAsync(_broker, string.Empty);
        await using var _ = v5;
        var (v311, ack311) = await TestClient.ConnectAsync(_broker, string.Empty, MqttProtocolVersion.V311, c => c.CleanStart = false);
        await using var __ = v311;

        Assert.Equal(MqttReasonCode.Success, ack5.ReasonCode);
        Assert.False(string.IsNullOrEmpty(ack5.Properties.AssignedClientIdentifier));
        Assert.Equal((MqttReasonCode)0x02, ack311.ReasonCode);
        Assert.Null(await v311.ReceiveAsync());
    }

    [Fact]
    public async Task Connect_BadPassword_IsRefusedWithTheLevelsCode()
    {
        await using var broker = NewBroker(allowAnonymous: false, users: new() { ["alice"] = "secret" });
        var (v5, ack5) = await TestClient.ConnectAsync(broker, "a", configure: c => { c.UserName = "alice"; c.Password = "wrong"u8.ToArray(); });
        await using var _ = v5;
        var (v311, ack311) = await TestClient.ConnectAsync(broker, "b", MqttProtocolVersion.V311);
        await using var __ = v311;
        var (good, ackGood) = await TestClient.ConnectAsync(broker, "c", configure: c => { c.UserName = "alice"; c.Password = "secret"u8.ToArray(); });
        await using var ___ = good;

        Assert.Equal(MqttReasonCode.BadUserNameOrPassword, ack5.ReasonCode);
        Assert.Equal((MqttReasonCode)0x05, ack311.ReasonCode); // anonymous refused: not authorized
        Assert.Equal(MqttReasonCode.Success, ackGood.ReasonCode);
    }

    [Fact]
    public async Task Publish_QoS0And1_ReachSubscriber_QoS1IsAcknowledged()
    {
        var (subscriber, _) = await TestClient.ConnectAsync(_broker, "sub");
        await using var s = subscriber;
        var (publisher, _) = await TestClient.ConnectAsync(_broker, "pub");
        await using var p = publisher;
        var subAck = await subscriber.SubscribeAsync("a/+", MqttQualityOfService.AtLeastOnce);

        publisher.Publish("a/b", "zero");
        publisher.Publish("a/c", "one", MqttQualityOfService.AtLeastOnce, id: 7);

        Assert.Equal([MqttReasonCode.GrantedQoS1], subAck.ReasonCodes);
        var puback = await publisher.ReceiveAsync<MqttPubAckPacket>();
        Assert.Equal(7, puback.PacketIdentifier);
        var first = await subscriber.ReceiveAsync<MqttPublishPacket>();
        var second = await subscriber.ReceiveAsync<MqttPublishPacket>();
        Assert.Equal(("a/b", "zero", MqttQualityOfService.AtMostOnce), (first.TopicName, Encoding.UTF8.GetString(first.Payload.Span), first.QualityOfService));
        Assert.Equal(("a/c", "one", MqttQualityOfService.AtLeastOnce), (second.TopicName, Encoding.UTF8.GetString(second.Payload.Span), second.QualityOfService));
        Assert.NotEqual(0, second.PacketIdentifier);
    }

    [Fact]
    public async Task Publish_QoS2ResentBeforeRelease_IsDeliveredOnce()
    {
        var (subscriber, _) = await TestClient.ConnectAsync(_broker, "sub");
        await using var s = subscriber;
        var (publisher, _) = await TestClient.ConnectAsync(_broker, "pub");
        await using var p = publisher;
        await subscriber.SubscribeAsync("x", MqttQualityOfService.ExactlyOnce);

        publisher.Publish("x", "once", MqttQualityOfService.ExactlyOnce, id: 3);
        Assert.Equal(3, (await publisher.ReceiveAsync<MqttPubRecPacket>()).PacketIdentifier);
        publisher.Send(new MqttPublishPacket { TopicName = "x", Payload = "once"u8.ToArray(), QualityOfService = MqttQualityOfService.ExactlyOnce, PacketIdentifier = 3, Dup = true });
        Assert.Equal(3, (await publisher.ReceiveAsync<MqttPubRecPacket>()).PacketIdentifier);
        publisher.Send(new MqttPubRelPacket { PacketIdentifier = 3 });
        Assert.Equal(MqttReasonCode.Success, (await publisher.ReceiveAsync<MqttPubCompPacket>()).ReasonCode);

        var delivered = await subscriber.ReceiveAsync<MqttPublishPacket>();
        Assert.Equal(MqttQualityOfService.ExactlyOnce, delivered.QualityOfService);
        subscriber.Send(new MqttPubRecPacket { PacketIdentifier = delivered.PacketIdentifier });
        Assert.Equal(delivered.PacketIdentifier, (await subscriber.ReceiveAsync<MqttPubRelPacket>()).PacketIdentifier);
        subscriber.Send(new MqttPubCompPacket { PacketIdentifier = delivered.PacketIdentifier });
        Assert.Null(await subscriber.NextAfterPingAsync());
    }

    [Fact]
    public async Task Retained_DeliveredToLaterSubscriberWithRetainSet_ClearedByEmptyPayload()
    {
        var (publisher, _) = await TestClient.ConnectAsync(_broker, "pub");
        await using var p = publisher;
        publisher.Publish("r/1", "kept", MqttQualityOfService.AtLeastOnce, retain: true, id: 1);
        await publisher.ReceiveAsync<MqttPubAckPacket>();

        var (first, _) = await TestClient.ConnectAsync(_broker, "s1");
        await using var f = first;
        await first.SubscribeAsync("r/#");
        var retained = await first.ReceiveAsync<MqttPublishPacket>();

        publisher.Publish("r/1", string.Empty, MqttQualityOfService.AtLeastOnce, retain: true, id: 2);
        await publisher.ReceiveAsync<MqttPubAckPacket>();
        await first.ReceiveAsync<MqttPublishPacket>(); // the empty retained publish itself, RETAIN cleared
        var (second, _) = await TestClient.ConnectAsync(_broker, "s2");
        await using var s = second;
        await second.SubscribeAsync("r/#");

        Assert.True(retained.Retain);
        Assert.Equal("kept", Encoding.UTF8.GetString(retained.Payload.Span));
        Assert.Null(await second.NextAfterPingAsync());
    }

    [Fact]
    public async Task Will_PublishedWhenTheConnectionDrops_NotAfterNormalDisconnect()
    {
        var (watcher, _) = await TestClient.ConnectAsync(_broker, "watch");
        await using var w = watcher;
        await watcher.SubscribeAsync("wills/#");
        var (polite, _) = await TestClient.ConnectAsync(_broker, "polite", configure: c => c.Will = new MqttWill { Topic = "wills/polite", Payload = "x"u8.ToArray() });
        var (dropped, _) = await TestClient.ConnectAsync(_broker, "dropped", configure: c => c.Will = new MqttWill { Topic = "wills/dropped", Payload = "gone"u8.ToArray() });

        await polite.DisconnectAsync();
        await dropped.DropAsync();

        var will = await watcher.ReceiveAsync<MqttPublishPacket>();
        Assert.Equal("wills/dropped", will.TopicName);
        Assert.Null(await watcher.NextAfterPingAsync());
    }

    [Fact]
    public async Task Will_DisconnectWithReason0x04_IsPublished()
    {
        var (watcher, _) = await TestClient.ConnectAsync(_broker, "watch");
        await using var w = watcher;
        await watcher.SubscribeAsync("wills/#");
        var (leaving, _) = await TestClient.ConnectAsync(_broker, "leaving", configure: c => c.Will = new MqttWill { Topic = "wills/leaving", Payload = "bye"u8.ToArray() });

        // [MQTT-3.14.4-3]: Disconnect with Will Message asks the server to publish the Will as if the connection failed.
        leaving.Send(new MqttDisconnectPacket { ReasonCode = MqttReasonCode.DisconnectWithWillMessage });

        var will = await watcher.ReceiveAsync<MqttPublishPacket>();
        Assert.Equal("wills/leaving", will.TopicName);
        Assert.Equal("bye"u8.ToArray(), will.Payload.ToArray());
    }

    [Fact]
    public async Task Connect_SameClientIdTwice_FirstGetsSessionTakenOver()
    {
        var (first, _) = await TestClient.ConnectAsync(_broker, "dup");
        await using var f = first;
        var (second, ack) = await TestClient.ConnectAsync(_broker, "dup");
        await using var s = second;

        var disconnect = await first.ReceiveAsync<MqttDisconnectPacket>();
        Assert.Equal(MqttReasonCode.SessionTakenOver, disconnect.ReasonCode);
        Assert.Null(await first.ReceiveAsync());
        Assert.Equal(MqttReasonCode.Success, ack.ReasonCode);
        Assert.Null(await second.NextAfterPingAsync());
    }

    [Fact]
    public async Task PersistentSession_MessagesWhileAwayAreDeliveredOnReturn()
    {
        static void Persistent(MqttConnectPacket c)
        {
            c.CleanStart = false;
            c.Properties.SessionExpiryInterval = 3600;
        }

        var (subscriber, _) = await TestClient.ConnectAsync(_broker, "dev", configure: Persistent);
        await subscriber.SubscribeAsync("cmd/dev", MqttQualityOfService.AtLeastOnce);
        await subscriber.DropAsync();
        var (publisher, _) = await TestClient.ConnectAsync(_broker, "pub");
        await using var p = publisher;
        publisher.Publish("cmd/dev", "while away", MqttQualityOfService.AtLeastOnce, id: 1);
        await publisher.ReceiveAsync<MqttPubAckPacket>();

        var (back, ack) = await TestClient.ConnectAsync(_broker, "dev", configure: Persistent);
        await using var b = back;

        Assert.True(ack.SessionPresent);
        var message = await back.ReceiveAsync<MqttPublishPacket>();
        Assert.Equal("while away", Encoding.UTF8.GetString(message.Payload.Span));
    }

    [Fact]
    public async Task PersistentSession_UnacknowledgedMessageIsResentWithDupAndSameId()
    {
        static void Persistent(MqttConnectPacket c)
        {
            c.CleanStart = false;
            c.Properties.SessionExpiryInterval = 3600;
        }

        var (subscriber, _) = await TestClient.ConnectAsync(_broker, "dev", configure: Persistent);
        await subscriber.SubscribeAsync("t", MqttQualityOfService.AtLeastOnce);
        var (publisher, _) = await TestClient.ConnectAsync(_broker, "pub");
        await using var p = publisher;
        publisher.Publish("t", "m", MqttQualityOfService.AtLeastOnce, id: 1);
        var first = await subscriber.ReceiveAsync<MqttPublishPacket>();
        await subscriber.DropAsync();

        var (back, _) = await TestClient.ConnectAsync(_broker, "dev", configure: Persistent);
        await using var b = back;
        var again = await back.ReceiveAsync<MqttPublishPacket>();

        Assert.False(first.Dup);
        Assert.True(again.Dup);
        Assert.Equal(first.PacketIdentifier, again.PacketIdentifier);
    }

    [Fact]
    public async Task SharedSubscription_SpreadsMessages_AndHandsUnacknowledgedOnesToAnotherMember()
    {
        var (a, _) = await TestClient.ConnectAsync(_broker, "a");
        await using var ca = a;
        var (b, _) = await TestClient.ConnectAsync(_broker, "b");
        await using var cb = b;
        await a.SubscribeAsync("$share/g/jobs", MqttQualityOfService.AtLeastOnce);
        await b.SubscribeAsync("$share/g/jobs", MqttQualityOfService.AtLeastOnce);
        var (publisher, _) = await TestClient.ConnectAsync(_broker, "pub");
        await using var p = publisher;

        for (ushort i = 1; i <= 4; i++)
        {
            publisher.Publish("jobs", $"{i}", MqttQualityOfService.AtLeastOnce, id: i);
            await publisher.ReceiveAsync<MqttPubAckPacket>();
        }

        var toA = new List<string>();
        var toB = new List<string>();
        for (var i = 0; i < 2; i++)
        {
            toA.Add(Encoding.UTF8.GetString((await a.ReceiveAsync<MqttPublishPacket>()).Payload.Span));
            toB.Add(Encoding.UTF8.GetString((await b.ReceiveAsync<MqttPublishPacket>()).Payload.Span));
        }

        await a.DropAsync(); // a never acknowledged its two
        var handedOver = new List<string>();
        for (var i = 0; i < 2; i++)
        {
            handedOver.Add(Encoding.UTF8.GetString((await b.ReceiveAsync<MqttPublishPacket>()).Payload.Span));
        }

        Assert.Equal(["1", "2", "3", "4"], toA.Concat(toB).Order());
        Assert.Equal(toA.Order(), handedOver.Order());
    }

    [Fact]
    public async Task NoLocal_OwnMessagesAreNotDeliveredBack()
    {
        var (client, _) = await TestClient.ConnectAsync(_broker, "me");
        await using var c = client;
        await client.SubscribeAsync("chat", MqttQualityOfService.AtMostOnce, s => s.NoLocal = true);
        var (other, _) = await TestClient.ConnectAsync(_broker, "other");
        await using var o = other;

        client.Publish("chat", "mine");
        other.Publish("chat", "theirs");

        var delivered = await client.ReceiveAsync<MqttPublishPacket>();
        Assert.Equal("theirs", Encoding.UTF8.GetString(delivered.Payload.Span));
    }

    [Fact]
    public async Task OverlappingSubscriptions_OneCopyWithHighestQoSAndEveryIdentifier()
    {
        var (client, _) = await TestClient.ConnectAsync(_broker, "me");
        await using var c = client;
        var first = new MqttSubscribePacket { PacketIdentifier = 1 };
        first.Properties.SubscriptionIdentifiers.Add(11);
        first.Subscriptions.Add(new MqttSubscription { TopicFilter = "a/+", MaximumQualityOfService = MqttQualityOfService.AtMostOnce });
        client.Send(first);
        await client.ReceiveAsync<MqttSubAckPacket>();
        var second = new MqttSubscribePacket { PacketIdentifier = 2 };
        second.Properties.SubscriptionIdentifiers.Add(22);
        second.Subscriptions.Add(new MqttSubscription { TopicFilter = "a/#", MaximumQualityOfService = MqttQualityOfService.AtLeastOnce });
        client.Send(second);
        await client.ReceiveAsync<MqttSubAckPacket>();

        client.Publish("a/b", "x", MqttQualityOfService.AtLeastOnce, id: 5);

        var packets = new List<MqttPacket> { (await client.ReceiveAsync())!, (await client.ReceiveAsync())! };
        var delivery = Assert.Single(packets.OfType<MqttPublishPacket>());
        Assert.Single(packets.OfType<MqttPubAckPacket>());
        Assert.Equal(MqttQualityOfService.AtLeastOnce, delivery.QualityOfService);
        Assert.Equal([11, 22], delivery.Properties.SubscriptionIdentifiers.Order());
    }

    [Fact]
    public async Task TopicAlias_FromClient_SetThenUsed()
    {
        var (subscriber, _) = await TestClient.ConnectAsync(_broker, "sub");
        await using var s = subscriber;
        await subscriber.SubscribeAsync("long/topic/name", MqttQualityOfService.AtMostOnce);
        var (publisher, _) = await TestClient.ConnectAsync(_broker, "pub");
        await using var p = publisher;

        var set = new MqttPublishPacket { TopicName = "long/topic/name", Payload = "1"u8.ToArray() };
        set.Properties.TopicAlias = 3;
        publisher.Send(set);
        var use = new MqttPublishPacket { TopicName = string.Empty, Payload = "2"u8.ToArray() };
        use.Properties.TopicAlias = 3;
        publisher.Send(use);

        Assert.Equal("long/topic/name", (await subscriber.ReceiveAsync<MqttPublishPacket>()).TopicName);
        Assert.Equal("long/topic/name", (await subscriber.ReceiveAsync<MqttPublishPacket>()).TopicName);
    }

    [Fact]
    public async Task TopicAlias_AboveMaximum_DisconnectsWithTopicAliasInvalid()
    {
        var (publisher, _) = await TestClient.ConnectAsync(_broker, "pub");
        await using var p = publisher;
        var bad = new MqttPublishPacket { TopicName = "t", Payload = "1"u8.ToArray() };
        bad.Properties.TopicAlias = (ushort)(_broker.Options.TopicAliasMaximum + 1);

        publisher.Send(bad);

        Assert.Equal(MqttReasonCode.TopicAliasInvalid, (await publisher.ReceiveAsync<MqttDisconnectPacket>()).ReasonCode);
        Assert.Null(await publisher.ReceiveAsync());
    }

    [Fact]
    public async Task MalformedPacket_ClosesOnlyItsConnection()
    {
        var (victim, _) = await TestClient.ConnectAsync(_broker, "victim");
        await using var v = victim;
        await victim.SubscribeAsync("ok", MqttQualityOfService.AtMostOnce);
        var (bad, _) = await TestClient.ConnectAsync(_broker, "bad", MqttProtocolVersion.V311);
        await using var b = bad;

        bad.SendRaw([0x36, 0x03, 0x00, 0x01, 0x61]); // PUBLISH with QoS 3
        Assert.Null(await bad.ReceiveAsync());
        var (publisher, _) = await TestClient.ConnectAsync(_broker, "pub");
        await using var p = publisher;
        publisher.Publish("ok", "still here");

        Assert.Equal("still here", Encoding.UTF8.GetString((await victim.ReceiveAsync<MqttPublishPacket>()).Payload.Span));
    }

    [Fact]
    public async Task ReceiveMaximum_OfTheClient_BoundsMessagesInFlight()
    {
        var (subscriber, _) = await TestClient.ConnectAsync(_broker, "sub", configure: c => c.Properties.ReceiveMaximum = 2);
        await using var s = subscriber;
        await subscriber.SubscribeAsync("q", MqttQualityOfService.AtLeastOnce);
        var (publisher, _) = await TestClient.ConnectAsync(_broker, "pub");
        await using var p = publisher;
        for (ushort i = 1; i <= 3; i++)
        {
            publisher.Publish("q", $"{i}", MqttQualityOfService.AtLeastOnce, id: i);
            await publisher.ReceiveAsync<MqttPubAckPacket>();
        }

        var first = await subscriber.ReceiveAsync<MqttPublishPacket>();
        await subscriber.ReceiveAsync<MqttPublishPacket>();
        Assert.Null(await subscriber.NextAfterPingAsync());
        subscriber.Send(new MqttPubAckPacket { PacketIdentifier = first.PacketIdentifier });
        Assert.Equal("3", Encoding.UTF8.GetString((await subscriber.ReceiveAsync<MqttPublishPacket>()).Payload.Span));
    }

    [Fact]
    public async Task SystemTopics_NotMatchedByALeadingWildcard()
    {
        var (subscriber, _) = await TestClient.ConnectAsync(_broker, "sub");
        await using var s = subscriber;
        await subscriber.SubscribeAsync("#", MqttQualityOfService.AtMostOnce);
        var (publisher, _) = await TestClient.ConnectAsync(_broker, "pub");
        await using var p = publisher;

        publisher.Publish("$SYS/broker/custom", "hidden");
        publisher.Publish("visible", "shown");

        Assert.Equal("visible", (await subscriber.ReceiveAsync<MqttPublishPacket>()).TopicName);
    }
}
