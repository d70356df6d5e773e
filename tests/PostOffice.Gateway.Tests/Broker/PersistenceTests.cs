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
