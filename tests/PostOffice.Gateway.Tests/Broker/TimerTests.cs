using Microsoft.Extensions.Logging.Abstractions;
using PostOffice.Broker.Tests.Support;
using PostOffice.Gateway.Security;
using PostOffice.Mqtt;
using PostOffice.Mqtt.Packets;

namespace PostOffice.Gateway.Tests.Broker;

/// <summary>Will delay, session expiry and $SYS publication, driven by a manual clock.</summary>
public sealed class TimerTests : IAsyncLifetime
{
    private readonly ManualTimeProvider _time = new();
    private readonly MqttBroker _broker;

    public TimerTests()
    {
        _broker = BrokerTests.NewBroker(time: _time);
        _broker.Start();
    }

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _broker.DisposeAsync();

    [Fact]
    public async Task WillDelay_WillIsSentOnlyAfterTheDelay()
    {
        var (watcher, _) = await TestClient.ConnectAsync(_broker, "watch");
        await using var w = watcher;
        await watcher.SubscribeAsync("wills/#", MqttQualityOfService.AtMostOnce);
        var (device, _) = await TestClient.ConnectAsync(_broker, "dev", configure: c =>
        {
            c.CleanStart = false;
            c.Properties.SessionExpiryInterval = 600;
            c.Will = new MqttWill { Topic = "wills/dev", Payload = "gone"u8.ToArray() };
            c.Will.Properties.WillDelayInterval = 30;
        });
        await device.DropAsync();

        _time.Advance(TimeSpan.FromSeconds(29));
        Assert.Null(await watcher.NextAfterPingAsync());
        _time.Advance(TimeSpan.FromSeconds(2));

        Assert.Equal("wills/dev", (await watcher.ReceiveAsync<MqttPublishPacket>()).TopicName);
    }

    [Fact]
    public async Task WillDelay_ClientBackInTime_CancelsTheWill()
    {
        static void Connect(MqttConnectPacket c)
        {
            c.CleanStart = false;
            c.Properties.SessionExpiryInterval = 600;
            c.Will = new MqttWill { Topic = "wills/dev", Payload = "gone"u8.ToArray() };
            c.Will.Properties.WillDelayInterval = 30;
        }

        var (watcher, _) = await TestClient.ConnectAsync(_broker, "watch");
        await using var w = watcher;
        await watcher.SubscribeAsync("wills/#", MqttQualityOfService.AtMostOnce);
        var (device, _) = await TestClient.ConnectAsync(_broker, "dev", configure: Connect);
        await device.DropAsync();
        _time.Advance(TimeSpan.FromSeconds(10));
        var (back, _) = await TestClient.ConnectAsync(_broker, "dev", configure: Connect);
        await using var b = back;

        _time.Advance(TimeSpan.FromSeconds(60));

        Assert.Null(await watcher.NextAfterPingAsync());
    }

    [Fact]
    public async Task SessionExpiry_SessionEndsAfterItsInterval()
    {
        static void Connect(MqttConnectPacket c)
        {
            c.CleanStart = false;
            c.Properties.SessionExpiryInterval = 10;
        }

        var (device, _) = await TestClient.ConnectAsync(_broker, "dev", configure: Connect);
        await device.SubscribeAsync("t");
        await device.DropAsync();
        _time.Advance(TimeSpan.FromSeconds(5));
        var (early, earlyAck) = await TestClient.ConnectAsync(_broker, "dev", configure: Connect);
        await early.DropAsync();
        _time.Advance(TimeSpan.FromSeconds(11));
        await WaitUntilAsync(() => _broker.SessionCount == 0);

        var (late, lateAck) = await TestClient.ConnectAsync(_broker, "dev", configure: Connect);
        await using var l = late;

        Assert.True(earlyAck.SessionPresent);
        Assert.False(lateAck.SessionPresent);
    }

    [Fact]
    public async Task SystemTopics_PublishedRetainedOnTheInterval()
    {
        await using var broker = new MqttBroker(
            new MqttGatewayOptions { SystemTopicInterval = TimeSpan.FromSeconds(10), Version = "postoffice test" },
            new PasswordAuthenticator(new Dictionary<string, string>(), true),
            AllowAllAuthorizer.Instance,
            _time,
            NullLoggerFactory.Instance);
        broker.Start();
        var (client, _) = await TestClient.ConnectAsync(broker, "c");
        await using var c = client;
        _time.Advance(TimeSpan.FromSeconds(11));
        await WaitUntilAsync(() => broker.Retained.Count > 0);

        await client.SubscribeAsync("$SYS/broker/version", MqttQualityOfService.AtMostOnce);
        var version = await client.ReceiveAsync<MqttPublishPacket>();

        Assert.True(version.Retain);
        Assert.Equal("postoffice test", System.Text.Encoding.UTF8.GetString(version.Payload.Span));
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (!condition())
        {
            await Task.Delay(10, timeout.Token);
        }
    }
}
