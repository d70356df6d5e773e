using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using PostOffice.Gateway.Security;
using PostOffice.Mqtt;
using PostOffice.Mqtt.Packets;

namespace PostOffice.Gateway.Tests.Broker;

/// <summary>Topic aliases from server to client (MQTT 5.0 §3.3.2.3.4), as the client sees them on the wire.</summary>
public sealed class OutgoingTopicAliasTests : IAsyncLifetime
{
    private readonly MqttBroker _broker = BrokerTests.NewBroker();

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _broker.DisposeAsync();

    [Fact]
    public async Task Deliver_ClientAcceptsAliases_FirstMessageSetsTheAliasAndLaterOnesUseIt()
    {
        var (subscriber, _) = await TestClient.ConnectAsync(_broker, "sub", configure: c => c.Properties.TopicAliasMaximum = 10);
        await using var s = subscriber;
        await subscriber.SubscribeAsync("sensors/#", MqttQualityOfService.AtLeastOnce);
        var (publisher, _) = await TestClient.ConnectAsync(_broker, "pub");
        await using var p = publisher;

        publisher.Publish("sensors/kitchen/temperature", "1");
        publisher.Publish("sensors/hall/temperature", "2", MqttQualityOfService.AtLeastOnce, id: 1);
        publisher.Publish("sensors/kitchen/temperature", "3", MqttQualityOfService.AtLeastOnce, id: 2);
        publisher.Publish("sensors/hall/temperature", "4");

        var received = await ReceiveAsync(subscriber, 4);
        Assert.Equal(
            [("sensors/kitchen/temperature", 1, "1"), ("sensors/hall/temperature", 2, "2"), (string.Empty, 1, "3"), (string.Empty, 2, "4")],
            received.Select(Describe));
        Assert.Equal(MqttQualityOfService.AtLeastOnce, received[2].QualityOfService);
        Assert.NotEqual(0, received[2].PacketIdentifier);
    }

    [Fact]
    public async Task Deliver_MoreTopicsThanAliases_LeastRecentlyUsedAliasIsReassignedWithItsTopicName()
    {
        var (subscriber, _) = await TestClient.ConnectAsync(_broker, "sub", configure: c => c.Properties.TopicAliasMaximum = 2);
        await using var s = subscriber;
        await subscriber.SubscribeAsync("room/#", MqttQualityOfService.AtMostOnce);
        var (publisher, _) = await TestClient.ConnectAsync(_broker, "pub");
        await using var p = publisher;

        foreach (var (topic, payload) in new[] { ("room/a", "1"), ("room/b", "2"), ("room/a", "3"), ("room/c", "4"), ("room/a", "5"), ("room/b", "6"), ("room/c", "7") })
        {
            publisher.Publish(topic, payload);
        }

        var received = await ReceiveAsync(subscriber, 7);

        // room/c takes alias 2 from room/b (used less recently than room/a); after "5" on room/a, room/b takes alias 2
        // back from room/c, then room/c takes alias 1 from room/a. A reassigned alias always comes with its topic.
        Assert.Equal(
            [("room/a", 1, "1"), ("room/b", 2, "2"), (string.Empty, 1, "3"), ("room/c", 2, "4"), (string.Empty, 1, "5"), ("room/b", 2, "6"), ("room/c", 1, "7")],
            received.Select(Describe));
        Assert.All(received, packet => Assert.InRange(packet.Properties.TopicAlias!.Value, 1, 2));
    }

    [Fact]
    public async Task Deliver_ClientAcceptsNoAliases_EveryTopicNameInFullAndNoAlias()
    {
        var (v5, _) = await TestClient.ConnectAsync(_broker, "v5");
        await using var a = v5;
        var (v311, _) = await TestClient.ConnectAsync(_broker, "v311", MqttProtocolVersion.V311);
        await using var b = v311;
        await v5.SubscribeAsync("status/#", MqttQualityOfService.AtMostOnce);
        await v311.SubscribeAsync("status/#", MqttQualityOfService.AtMostOnce);
        var (publisher, _) = await TestClient.ConnectAsync(_broker, "pub");
        await using var p = publisher;

        publisher.Publish("status/door", "open");
        publisher.Publish("status/door", "closed");

        // [MQTT-3.1.2-27]: no Topic Alias Maximum in CONNECT, no alias.
        Assert.All(await ReceiveAsync(v5, 2), packet => Assert.Equal(("status/door", (ushort?)null), (packet.TopicName, packet.Properties.TopicAlias)));
        Assert.All(await ReceiveAsync(v311, 2), packet => Assert.Equal("status/door", packet.TopicName));
    }

    [Fact]
    public async Task Deliver_ClientMaximumAboveTheServerCap_AliasesStayWithinTheCap()
    {
        await using var broker = new MqttBroker(
            new MqttGatewayOptions { SystemTopicInterval = TimeSpan.Zero, MaximumOutgoingTopicAliases = 1 },
            new PasswordAuthenticator(new Dictionary<string, string>(), allowAnonymous: true),
            AllowAllAuthorizer.Instance,
            TimeProvider.System,
            NullLoggerFactory.Instance);
        var (subscriber, _) = await TestClient.ConnectAsync(broker, "sub", configure: c => c.Properties.TopicAliasMaximum = 100);
        await using var s = subscriber;
        await subscriber.SubscribeAsync("x/#", MqttQualityOfService.AtMostOnce);
        var (publisher, _) = await TestClient.ConnectAsync(broker, "pub");
        await using var p = publisher;

        publisher.Publish("x/first", "1");
        publisher.Publish("x/second", "2");
        publisher.Publish("x/second", "3");

        Assert.Equal([("x/first", 1, "1"), ("x/second", 1, "2"), (string.Empty, 1, "3")], (await ReceiveAsync(subscriber, 3)).Select(Describe));
    }

    [Fact]
    public async Task Deliver_ShortTopic_IsSentWithoutAnAlias()
    {
        var (subscriber, _) = await TestClient.ConnectAsync(_broker, "sub", configure: c => c.Properties.TopicAliasMaximum = 10);
        await using var s = subscriber;
        await subscriber.SubscribeAsync("a/b", MqttQualityOfService.AtMostOnce);
        var (publisher, _) = await TestClient.ConnectAsync(_broker, "pub");
        await using var p = publisher;

        publisher.Publish("a/b", "1");
        publisher.Publish("a/b", "2");

        Assert.All(await ReceiveAsync(subscriber, 2), packet => Assert.Equal(("a/b", (ushort?)null), (packet.TopicName, packet.Properties.TopicAlias)));
    }

    [Fact]
    public async Task Reconnect_ResentPublishCarriesItsTopicName_AndAliasesStartOver()
    {
        static void Persistent(MqttConnectPacket c)
        {
            c.CleanStart = false;
            c.Properties.SessionExpiryInterval = 3600;
            c.Properties.TopicAliasMaximum = 5;
        }

        var (subscriber, _) = await TestClient.ConnectAsync(_broker, "dev", configure: Persistent);
        await subscriber.SubscribeAsync("devices/dev/commands", MqttQualityOfService.AtLeastOnce);
        var (publisher, _) = await TestClient.ConnectAsync(_broker, "pub");
        await using var p = publisher;
        publisher.Publish("devices/dev/commands", "acknowledged", MqttQualityOfService.AtLeastOnce, id: 1);
        publisher.Publish("devices/dev/commands", "pending", MqttQualityOfService.AtLeastOnce, id: 2);
        var before = await ReceiveAsync(subscriber, 2);
        subscriber.Send(new MqttPubAckPacket { PacketIdentifier = before[0].PacketIdentifier });
        Assert.Null(await subscriber.NextAfterPingAsync());
        await subscriber.DropAsync();

        var (back, _) = await TestClient.ConnectAsync(_broker, "dev", configure: Persistent);
        await using var b = back;
        var resent = await back.ReceiveAsync<MqttPublishPacket>();
        back.Send(new MqttPubAckPacket { PacketIdentifier = resent.PacketIdentifier });
        publisher.Publish("devices/dev/commands", "after", MqttQualityOfService.AtLeastOnce, id: 3);
        publisher.Publish("devices/dev/commands", "again", MqttQualityOfService.AtLeastOnce, id: 4);
        var after = await ReceiveAsync(back, 2);

        Assert.Equal([("devices/dev/commands", 1, "acknowledged"), (string.Empty, 1, "pending")], before.Select(Describe));
        Assert.Equal((true, before[1].PacketIdentifier, "devices/dev/commands", (ushort?)null), (resent.Dup, resent.PacketIdentifier, resent.TopicName, resent.Properties.TopicAlias));

        // [MQTT-3.3.2-7]: the new connection's aliases start empty, so alias 1 is set again before it is used.
        Assert.Equal([("devices/dev/commands", 1, "after"), (string.Empty, 1, "again")], after.Select(Describe));
    }

    private static (string Topic, int Alias, string Payload) Describe(MqttPublishPacket packet) =>
        (packet.TopicName, packet.Properties.TopicAlias ?? 0, Encoding.UTF8.GetString(packet.Payload.Span));

    private static async Task<List<MqttPublishPacket>> ReceiveAsync(TestClient client, int count)
    {
        var received = new List<MqttPublishPacket>();
        while (received.Count < count)
        {
            switch (await client.ReceiveAsync())
            {
                case MqttPublishPacket publish:
                    received.Add(publish);
                    break;
                case null:
                    throw new Xunit.Sdk.XunitException($"The server closed the connection after {received.Count} of {count} messages");
            }
        }

        return received;
    }
}
