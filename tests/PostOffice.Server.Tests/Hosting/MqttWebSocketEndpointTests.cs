using System.Buffers;
using System.Net;
using System.Net.WebSockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PostOffice.Gateway.Transport;
using PostOffice.Server.Hosting;

namespace PostOffice.Server.Tests.Hosting;

/// <summary>MQTT over WebSocket through Kestrel on a free loopback port, with a real WebSocket client.</summary>
public sealed class MqttWebSocketEndpointTests : IAsyncDisposable
{
    private static readonly TimeSpan PhaseTimeout = TimeSpan.FromSeconds(20);

    private readonly EchoHandler _handler = new();
    private WebApplication? _app;

    [Fact]
    public async Task MapMqttWebSocket_PacketSplitAcrossMessages_IsReassembledAndEchoedInBinaryMessages()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var address = await StartAsync();
        using var client = new ClientWebSocket();
        client.Options.AddSubProtocol("mqtt");
        await client.ConnectAsync(new Uri($"ws://{address.Host}:{address.Port}/mqtt"), cancellationToken);
        Assert.Equal("mqtt", client.SubProtocol);

        // CONNECT-like frame (type 1) of 2 + 300 bytes, sent as three binary messages that cut through the header,
        // followed in the last message by a second frame.
        byte[] first = [0x10, 0xAC, 0x02, .. Enumerable.Range(0, 300).Select(index => (byte)index)];
        byte[] second = [0xC0, 0x00];
        byte[] stream = [.. first, .. second];
        await client.SendAsync(stream.AsMemory(0, 2), WebSocketMessageType.Binary, endOfMessage: true, cancellationToken);
        await client.SendAsync(stream.AsMemory(2, 150), WebSocketMessageType.Binary, endOfMessage: true, cancellationToken);
        await client.SendAsync(stream.AsMemory(152), WebSocketMessageType.Binary, endOfMessage: true, cancellationToken);

        var echoed = new byte[stream.Length];
        var received = 0;
        while (received < echoed.Length)
        {
            var result = await client.ReceiveAsync(echoed.AsMemory(received), cancellationToken).AsTask().WaitAsync(PhaseTimeout, cancellationToken);
            Assert.Equal(WebSocketMessageType.Binary, result.MessageType);
            received += result.Count;
        }

        Assert.Equal(stream, echoed);
        Assert.Equal(2, await _handler.Frames.Task.WaitAsync(PhaseTimeout, cancellationToken));

        await client.CloseAsync(WebSocketCloseStatus.NormalClosure, null, cancellationToken);
        Assert.False(await _handler.Completed.Task.WaitAsync(PhaseTimeout, cancellationToken));
    }

    [Fact]
    public async Task MapMqttWebSocket_OldSubprotocolOnly_IsAcceptedWithIt()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var address = await StartAsync();
        using var client = new ClientWebSocket();
        client.Options.AddSubProtocol("mqttv3.1");
        await client.ConnectAsync(new Uri($"ws://{address.Host}:{address.Port}/mqtt"), cancellationToken);

        Assert.Equal("mqttv3.1", client.SubProtocol);
    }

    [Fact]
    public async Task MapMqttWebSocket_NoMqttSubprotocol_IsRefused()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var address = await StartAsync();
        using var client = new ClientWebSocket();
        client.Options.AddSubProtocol("chat");

        await Assert.ThrowsAsync<WebSocketException>(() => client.ConnectAsync(new Uri($"ws://{address.Host}:{address.Port}/mqtt"), cancellationToken));
        using var http = new HttpClient();
        using var plain = await http.GetAsync(new Uri($"http://{address.Host}:{address.Port}/mqtt"), cancellationToken);
        Assert.Equal(HttpStatusCode.UpgradeRequired, plain.StatusCode);
        Assert.Equal(0, _handler.Started);
    }

    private async Task<Uri> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        _app = builder.Build();
        _app.UseWebSockets();
        _app.MapMqttWebSocket("/mqtt", () => _handler);
        await _app.StartAsync(TestContext.Current.CancellationToken);
        return new Uri(_app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single());
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }

    /// <summary>Echoes each frame; reports the frame count when the client sends nothing more, and how the read ended.</summary>
    private sealed class EchoHandler : IMqttConnectionHandler
    {
        private int _started;

        public int Started => Volatile.Read(ref _started);

        public TaskCompletionSource<int> Frames { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource<bool> Completed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public async Task RunAsync(MqttTransportConnection connection)
        {
            Interlocked.Increment(ref _started);
            var frames = 0;
            while (true)
            {
                var read = connection.ReadFrameAsync(64 * 1024);
                if (!read.IsCompleted && frames == 2)
                {
                    Frames.TrySetResult(frames);
                }

                if (!await read)
                {
                    Completed.TrySetResult(false);
                    return;
                }

                frames++;
                var frame = connection.CurrentFrame;
                byte[] header = frame.Body.Length < 128
                    ? [frame.FirstByte, (byte)frame.Body.Length]
                    : [frame.FirstByte, (byte)(0x80 | (frame.Body.Length % 128)), (byte)(frame.Body.Length / 128)];
                connection.TryWrite([.. header, .. frame.Body.ToArray()]);
            }
        }
    }
}
