using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using PostOffice.Gateway.Persistence;
using PostOffice.Mqtt;
using PostOffice.Mqtt.Packets;
using PostOffice.Storage;
using PostOffice.Storage.Log;

namespace PostOffice.Gateway.Tests.Broker;

/// <summary>Sessions and retained messages over a real store, across a restart of broker and store.</summary>
public sealed class PersistenceTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"postoffice-gateway-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Restart_PersistentSessionAndRetainedMessages_Survive(bool snapshotBeforeRestart)
    {
        await using (var running = await StartAsync())
        {
            var (device, _) = await TestClient.ConnectAsync(running.Broker, "dev", configure: Persistent);
            await device.SubscribeAsync("cmd/dev", MqttQualityOfService.ExactlyOnce);
            await device.SubscribeAsync("cfg/#", MqttQualityOfService.AtLeastOnce);
            await device.DropAsync();
            var (publisher, _) = await TestClient.ConnectAsync(running.Broker, "pub");
            await using var p = publisher;
            publisher.Publish("cmd/dev", "first", MqttQualityOfService.AtLeastOnce, id: 1);
            await publisher.ReceiveAsync<MqttPubAckPacket>();
            publisher.Publish("cmd/dev", "second", MqttQualityOfService.ExactlyOnce, id: 2);
            await publisher.ReceiveAsync<MqttPubRecPacket>();
            publisher.Publish("cfg/a", "retained", MqttQualityOfService.AtLeastOnce, retain: true, id: 3);
            await publisher.ReceiveAsync<MqttPubAckPacket>();
            if (snapshotBeforeRestart)
            {
                await running.Storage.SnapshotAsync(TestContext.Current.CancellationToken);
            }
        }

        await using var restarted = await StartAsync();
        var (back, ack) = await TestClient.ConnectAsync(restarted.Broker, "dev", configure: Persistent);
        await using var b = back;

        Assert.True(ack.SessionPresent);
        var first = await back.ReceiveAsync<MqttPublishPacket>();
        var second = await back.ReceiveAsync<MqttPublishPacket>();
        Assert.Equal(("first", MqttQualityOfService.AtLeastOnce), (Encoding.UTF8.GetString(first.Payload.Span), first.QualityOfService));
        Assert.Equal(("second", MqttQualityOfService.ExactlyOnce), (Encoding.UTF8.GetString(second.Payload.Span), second.QualityOfService));
        back.Send(new MqttPubAckPacket { PacketIdentifier = first.PacketIdentifier });

        // The subscriptions came back too: a new retained publish reaches the session.
        var (other, _) = await TestClient.ConnectAsync(restarted.Broker, "other");
        await using var o = other;
        await other.SubscribeAsync("cfg/#", MqttQualityOfService.AtMostOnce);
        var retained = await other.ReceiveAsync<MqttPublishPacket>();
        Assert.Equal(("cfg/a", true), (retained.TopicName, retained.Retain));
    }

    [Fact]
    public async Task Restart_AcknowledgedMessages_AreNotRedelivered()
    {
        await using (var running = await StartAsync())
        {
            var (device, _) = await TestClient.ConnectAsync(running.Broker, "dev", configure: Persistent);
            await device.SubscribeAsync("cmd/dev", MqttQualityOfService.AtLeastOnce);
            var (publisher, _) = await TestClient.ConnectAsync(running.Broker, "pub");
            await using var p = publisher;
            publisher.Publish("cmd/dev", "done", MqttQualityOfService.AtLeastOnce, id: 1);
            await publisher.ReceiveAsync<MqttPubAckPacket>();
            var delivered = await device.ReceiveAsync<MqttPublishPacket>();
            device.Send(new MqttPubAckPacket { PacketIdentifier = delivered.PacketIdentifier });
            await device.DisconnectAsync();
        }

        await using var restarted = await StartAsync();
        var (back, ack) = await TestClient.ConnectAsync(restarted.Broker, "dev", configure: Persistent);
        await using var b = back;

        Assert.True(ack.SessionPresent);
        Assert.Null(await back.NextAfterPingAsync());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Restart_Qos2PublishSentButNotReceived_IsResentWithItsPacketIdentifierAndDup_AndAPendingPubRelIsResent(bool snapshotBeforeRestart)
    {
        ushort sentOnly;
        ushort released;
        await using (var running = await StartAsync())
        {
            var (device, _) = await TestClient.ConnectAsync(running.Broker, "dev", configure: Persistent);
            await device.SubscribeAsync("cmd/dev", MqttQualityOfService.ExactlyOnce);
            var (publisher, _) = await TestClient.ConnectAsync(running.Broker, "pub");
            await using var p = publisher;
            publisher.Publish("cmd/dev", "released", MqttQualityOfService.ExactlyOnce, id: 1);
            await publisher.ReceiveAsync<MqttPubRecPacket>();
            publisher.Publish("cmd/dev", "sent only", MqttQualityOfService.ExactlyOnce, id: 2);
            await publisher.ReceiveAsync<MqttPubRecPacket>();
            released = (await device.ReceiveAsync<MqttPublishPacket>()).PacketIdentifier;
            sentOnly = (await device.ReceiveAsync<MqttPublishPacket>()).PacketIdentifier;
            device.Send(new MqttPubRecPacket { PacketIdentifier = released });
            Assert.Equal(released, (await device.ReceiveAsync<MqttPubRelPacket>()).PacketIdentifier);
            await SnapshotIfAsync(running, snapshotBeforeRestart);
        }

        await using var restarted = await StartAsync();
        var (back, ack) = await TestClient.ConnectAsync(restarted.Broker, "dev", configure: Persistent);
        await using var b = back;

        // [MQTT-4.4.0-1]: the PUBREL again for the message the client had received, and the PUBLISH again, with its
        // identifier and DUP, for the one it had not acknowledged.
        Assert.True(ack.SessionPresent);
        var packets = new[] { await back.ReceiveAsync(), await back.ReceiveAsync() };
        Assert.Equal(released, Assert.Single(packets.OfType<MqttPubRelPacket>()).PacketIdentifier);
        var resent = Assert.Single(packets.OfType<MqttPublishPacket>());
        Assert.Equal(("sent only", sentOnly, true, MqttQualityOfService.ExactlyOnce), (Text(resent), resent.PacketIdentifier, resent.Dup, resent.QualityOfService));
        back.Send(new MqttPubCompPacket { PacketIdentifier = released });
        back.Send(new MqttPubRecPacket { PacketIdentifier = sentOnly });
        Assert.Equal(sentOnly, (await back.ReceiveAsync<MqttPubRelPacket>()).PacketIdentifier);
        back.Send(new MqttPubCompPacket { PacketIdentifier = sentOnly });
        Assert.Null(await back.NextAfterPingAsync());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Restart_MessagesSentOnReconnectAndWhenTheWindowFreed_AreResentWithTheirPacketIdentifiers(bool snapshotBeforeRestart)
    {
        ushort unacknowledged;
        await using (var running = await StartAsync())
        {
            var (device, _) = await TestClient.ConnectAsync(running.Broker, "dev", configure: PersistentWindowOfOne);
            await device.SubscribeAsync("cmd/dev", MqttQualityOfService.AtLeastOnce);
            await device.DropAsync();
            var (publisher, _) = await TestClient.ConnectAsync(running.Broker, "pub");
            await using var p = publisher;
            for (ushort i = 1; i <= 3; i++)
            {
                publisher.Publish("cmd/dev", $"m{i}", MqttQualityOfService.AtLeastOnce, id: i);
                await publisher.ReceiveAsync<MqttPubAckPacket>();
            }

            // Reconnecting sends the first queued message; its PUBACK frees the window for the second.
            var (again, _) = await TestClient.ConnectAsync(running.Broker, "dev", configure: PersistentWindowOfOne);
            await using var a = again;
            var first = await again.ReceiveAsync<MqttPublishPacket>();
            again.Send(new MqttPubAckPacket { PacketIdentifier = first.PacketIdentifier });
            var second = await again.ReceiveAsync<MqttPublishPacket>();
            Assert.Equal(("m1", "m2"), (Text(first), Text(second)));
            unacknowledged = second.PacketIdentifier;
            Assert.Null(await again.NextAfterPingAsync());
            await SnapshotIfAsync(running, snapshotBeforeRestart);
        }

        await using var restarted = await StartAsync();
        var (back, _) = await TestClient.ConnectAsync(restarted.Broker, "dev", configure: PersistentWindowOfOne);
        await using var b = back;
        var resent = await back.ReceiveAsync<MqttPublishPacket>();
        back.Send(new MqttPubAckPacket { PacketIdentifier = resent.PacketIdentifier });
        var third = await back.ReceiveAsync<MqttPublishPacket>();

        Assert.Equal(("m2", unacknowledged, true), (Text(resent), resent.PacketIdentifier, resent.Dup));
        Assert.Equal(("m3", false), (Text(third), third.Dup));
        Assert.NotEqual(unacknowledged, third.PacketIdentifier);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Restart_Qos2PublishAwaitingPubRel_ResendIsNotRoutedAgainButANewPublishWithAReleasedIdentifierIs(bool snapshotBeforeRestart)
    {
        await using (var running = await StartAsync())
        {
            var (device, _) = await TestClient.ConnectAsync(running.Broker, "dev", configure: Persistent);
            await device.SubscribeAsync("cmd/dev", MqttQualityOfService.ExactlyOnce);
            await device.DropAsync();
            var (publisher, _) = await TestClient.ConnectAsync(running.Broker, "pub", configure: Persistent);
            await using var p = publisher;
            publisher.Publish("cmd/dev", "completed", MqttQualityOfService.ExactlyOnce, id: 8);
            await publisher.ReceiveAsync<MqttPubRecPacket>();
            publisher.Send(new MqttPubRelPacket { PacketIdentifier = 8 });
            Assert.Equal(MqttReasonCode.Success, (await publisher.ReceiveAsync<MqttPubCompPacket>()).ReasonCode);
            publisher.Publish("cmd/dev", "awaiting release", MqttQualityOfService.ExactlyOnce, id: 7);
            await publisher.ReceiveAsync<MqttPubRecPacket>();
            await SnapshotIfAsync(running, snapshotBeforeRestart);
        }

        await using var restarted = await StartAsync();
        var (again, ack) = await TestClient.ConnectAsync(restarted.Broker, "pub", configure: Persistent);
        await using var a = again;

        // The publisher never saw the PUBREC of 7: it sends the PUBLISH again [MQTT-4.3.3-10], then releases it.
        Assert.True(ack.SessionPresent);
        again.Send(new MqttPublishPacket { TopicName = "cmd/dev", Payload = "awaiting release"u8.ToArray(), QualityOfService = MqttQualityOfService.ExactlyOnce, PacketIdentifier = 7, Dup = true });
        Assert.Equal(7, (await again.ReceiveAsync<MqttPubRecPacket>()).PacketIdentifier);
        again.Send(new MqttPubRelPacket { PacketIdentifier = 7 });
        Assert.Equal(MqttReasonCode.Success, (await again.ReceiveAsync<MqttPubCompPacket>()).ReasonCode);

        // 8 was released before the restart: a PUBLISH with it is a new message.
        again.Publish("cmd/dev", "new", MqttQualityOfService.ExactlyOnce, id: 8);
        await again.ReceiveAsync<MqttPubRecPacket>();
        again.Send(new MqttPubRelPacket { PacketIdentifier = 8 });
        await again.ReceiveAsync<MqttPubCompPacket>();

        var (device2, _) = await TestClient.ConnectAsync(restarted.Broker, "dev", configure: Persistent);
        await using var d = device2;
        var delivered = new List<string>();
        while (await device2.NextAfterPingAsync() is MqttPublishPacket publish)
        {
            delivered.Add(Text(publish));
        }

        Assert.Equal(["completed", "awaiting release", "new"], delivered);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Restart_QueuedMessage_KeepsItsSubscriptionIdentifiers(bool snapshotBeforeRestart)
    {
        await using (var running = await StartAsync())
        {
            var (device, _) = await TestClient.ConnectAsync(running.Broker, "dev", configure: Persistent);
            await SubscribeWithIdentifierAsync(device, "cmd/#", 42, 1);
            await SubscribeWithIdentifierAsync(device, "cmd/+", 7, 2);
            await device.DropAsync();
            var (publisher, _) = await TestClient.ConnectAsync(running.Broker, "pub");
            await using var p = publisher;
            publisher.Publish("cmd/dev", "queued", MqttQualityOfService.AtLeastOnce, id: 1);
            await publisher.ReceiveAsync<MqttPubAckPacket>();
            await SnapshotIfAsync(running, snapshotBeforeRestart);
        }

        await using var restarted = await StartAsync();
        var (back, _) = await TestClient.ConnectAsync(restarted.Broker, "dev", configure: Persistent);
        await using var b = back;
        var delivered = await back.ReceiveAsync<MqttPublishPacket>();

        // [MQTT-3.3.4-3]: the identifiers of the matching subscriptions travel with the message.
        Assert.Equal("queued", Text(delivered));
        Assert.Equal([7, 42], delivered.Properties.SubscriptionIdentifiers.Order());
    }

    private static async Task SubscribeWithIdentifierAsync(TestClient client, string filter, int identifier, ushort packetIdentifier)
    {
        var subscribe = new MqttSubscribePacket { PacketIdentifier = packetIdentifier };
        subscribe.Properties.SubscriptionIdentifiers.Add(identifier);
        subscribe.Subscriptions.Add(new MqttSubscription { TopicFilter = filter, MaximumQualityOfService = MqttQualityOfService.AtLeastOnce });
        client.Send(subscribe);
        await client.ReceiveAsync<MqttSubAckPacket>();
    }

    private static async Task SnapshotIfAsync(Running running, bool snapshot)
    {
        if (snapshot)
        {
            await running.Storage.SnapshotAsync(TestContext.Current.CancellationToken);
        }
    }

    private static string Text(MqttPublishPacket publish) => Encoding.UTF8.GetString(publish.Payload.Span);

    private static void PersistentWindowOfOne(MqttConnectPacket connect)
    {
        Persistent(connect);
        connect.Properties.ReceiveMaximum = 1;
    }

    private static void Persistent(MqttConnectPacket connect)
    {
        connect.CleanStart = false;
        connect.Properties.SessionExpiryInterval = 3600;
    }

    private async Task<Running> StartAsync()
    {
        var broker = BrokerTests.NewBroker();
        var store = new MqttStore(broker);
        var storage = await StorageEngine.OpenAsync(
            new StorageOptions { DataDirectory = _directory },
            (catalog, ct) => CompositeRecoveryHandler.LoadAsync([store], catalog, ct),
            NullLoggerFactory.Instance,
            TestContext.Current.CancellationToken);
        store.Attach(storage.Log);
        return new Running(broker, storage);
    }

    private sealed record Running(MqttBroker Broker, StorageEngine Storage) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Broker.DisposeAsync();
            await Storage.DisposeAsync();
        }
    }
}
