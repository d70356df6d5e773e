using System.Net;
using System.Net.WebSockets;

namespace PostOffice.Gateway.Transport;

/// <summary>
/// MQTT over WebSocket (MQTT 5.0 §6, 3.1.1 §6): the packets form one byte stream carried in binary messages whose
/// boundaries need not match packet boundaries, so frames are found exactly as on TCP. While idle the connection
/// waits with a zero-byte receive, which holds no buffer of ours.
/// </summary>
public sealed class WebSocketTransportConnection : BufferedTransportConnection
{
    private static readonly TimeSpan CloseTimeout = TimeSpan.FromSeconds(2);

    private readonly WebSocket _webSocket;
    private readonly EndPoint? _remoteEndPoint;

    public WebSocketTransportConnection(WebSocket webSocket, EndPoint? remoteEndPoint = null)
    {
        ArgumentNullException.ThrowIfNull(webSocket);
        _webSocket = webSocket;
        _remoteEndPoint = remoteEndPoint;
    }

    public override string Kind => "ws";

    public override EndPoint? RemoteEndPoint => _remoteEndPoint;

    protected override async ValueTask<int> WaitForDataAsync()
    {
        // A Close (or text) message found here is reported by the receive that follows.
        _ = await _webSocket.ReceiveAsync(Memory<byte>.Empty, CancellationToken.None);
        return 0;
    }

    protected override async ValueTask<int> ReceiveAsync(Memory<byte> buffer)
    {
        try
        {
            while (true)
            {
                var result = await _webSocket.ReceiveAsync(buffer, CancellationToken.None);

                // [MQTT-6.0.0-1]: a data frame other than binary closes the connection; so does a Close frame.
                if (result.MessageType != WebSocketMessageType.Binary)
                {
                    return 0;
                }

                // An empty binary message carries no bytes of the stream; keep reading.
                if (result.Count > 0)
                {
                    return result.Count;
                }
            }
        }
        catch (Exception exception) when (IsClosed(exception))
        {
            return 0;
        }
    }

    protected override ValueTask SendAsync(ReadOnlyMemory<byte> data) =>
        _webSocket.SendAsync(data, WebSocketMessageType.Binary, endOfMessage: true, CancellationToken.None);

    protected override void CloseTransport() => _webSocket.Abort();

    protected override async ValueTask CloseGracefullyAsync()
    {
        // A browser reports an aborted WebSocket as an error (1006), so an orderly end sends a Close frame first.
        if (_webSocket.State is not (WebSocketState.Open or WebSocketState.CloseReceived))
        {
            return;
        }

        try
        {
            using var timeout = new CancellationTokenSource(CloseTimeout);
            await _webSocket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, timeout.Token);
        }
        catch (Exception exception) when (IsClosed(exception))
        {
            // The peer is gone already; the abort that follows releases the connection.
        }
    }

    protected override ValueTask DisposeTransportAsync()
    {
        _webSocket.Dispose();
        return default;
    }

    private static bool IsClosed(Exception exception) =>
        exception is WebSocketException or IOException or ObjectDisposedException or OperationCanceledException;
}
