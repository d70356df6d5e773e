using System.Buffers;
using PostOffice.Mqtt;
using PostOffice.Mqtt.Packets;

namespace PostOffice.Gateway.Tests.Broker;

/// <summary>A scripted MQTT client over a <see cref="PipeTransport"/>: sends packets, awaits the server's.</summary>
internal sealed class TestClient : IAsyncDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private readonly PipeTransport _transport = new();
    private byte[] _received = [];

    private TestClient(MqttBroker broker, MqttProtocolVersion version)
    {
        Version = version;
        Serving = broker.RunAsync(_transport);
    }

    public MqttProtocolVersion Version { get; }

    /// <summary>The broker's task for this connection: completes when the server has closed it.</summary>
    public Task Serving { get; }

    public bool IsClosedByServer => _transport.IsAborted;

    public static async Task<(TestClient Client, MqttConnAckPacket ConnAck)> ConnectAsync(
        MqttBroker broker, string clientId, MqttProtocolVersion version = MqttProtocolVersion.V500, Action<MqttConnectPacket>? configure = null)
    {
        var client = new TestClient(broker, version);
        var connect = new MqttConnectPacket { ProtocolVersion = version, ClientIdentifier = clientId, CleanStart = true, KeepAlive = 60 };
        configure?.Invoke(connect);
        client.Send(connect);
        var connAck = await client.ReceiveAsync<MqttConnAckPacket>();
        return (client, connAck);
    }

    public void Send(MqttPacket packet)
    {
        var bytes = new byte[MqttPacketWriter.GetSize(packet, Version)];
        MqttPacketWriter.Write(packet, Version, bytes);
        _transport.SendToServer(bytes);
    }

    public void SendRaw(byte[] bytes) => _transport.SendToServer(bytes);

    public async Task<T> ReceiveAsync<T>()
        where T : MqttPacket
    {
        var packet = await ReceiveAsync();
        return packet as T ?? throw new Xunit.Sdk.XunitException($"Expected {typeof(T).Name}, received {packet?.PacketType.ToString() ?? "end of stream"}");
    }

    /// <summary>The next packet from the server, or null once the server has closed the connection.</summary>
    public async Task<MqttPacket?> ReceiveAsync()
    {
        using var timeout = new CancellationTokenSource(Timeout);
        while (true)
        {
            var sequence = new ReadOnlySequence<byte>(_received);
            if (MqttFrameReader.TryReadFrame(ref sequence, int.MaxValue, out var frame))
            {
                var packet = MqttPacketReader.Read(frame, Version);
                _received = sequence.ToArray();
                return packet;
            }

            if (!await _transport.ToClient.Reader.WaitToReadAsync(timeout.Token))
            {
                return null;
            }

            while (_transport.ToClient.Reader.TryRead(out var bytes))
            {
                _received = [.. _received, .. bytes];
            }
        }
    }

    /// <summary>True when nothing arrives before the server has handled a PINGREQ sent after it.</summary>
    public async Task<MqttPacket?> NextAfterPingAsync()
    {
        Send(new MqttPingReqPacket());
        var packet = await ReceiveAsync();
        return packet is MqttPingRespPacket ? null : packet;
    }

    public async Task<MqttSubAckPacket> SubscribeAsync(string filter, MqttQualityOfService qos = MqttQualityOfService.AtLeastOnce, Action<MqttSubscription>? configure = null, ushort id = 1)
    {
        var subscription = new MqttSubscription { TopicFilter = filter, MaximumQualityOfService = qos };
        configure?.Invoke(subscription);
        var subscribe = new MqttSubscribePacket { PacketIdentifier = id };
        subscribe.Subscriptions.Add(subscription);
        Send(subscribe);
        return await ReceiveAsync<MqttSubAckPacket>();
    }

    public void Publish(string topic, string payload, MqttQualityOfService qos = MqttQualityOfService.AtMostOnce, bool retain = false, ushort id = 0) =>
        Send(new MqttPublishPacket
        {
            TopicName = topic,
            Payload = System.Text.Encoding.UTF8.GetBytes(payload),
            QualityOfService = qos,
            Retain = retain,
            PacketIdentifier = id,
        });

    /// <summary>Simulates the network dropping: the server sees the stream end without a DISCONNECT.</summary>
    public async Task DropAsync()
    {
        _transport.CloseFromClient();
        await Serving.WaitAsync(Timeout);
    }

    public async Task DisconnectAsync()
    {
        Send(new MqttDisconnectPacket());
        await Serving.WaitAsync(Timeout);
    }

    public async ValueTask DisposeAsync()
    {
        _transport.Abort();
        await Serving.WaitAsync(Timeout);
    }
}
