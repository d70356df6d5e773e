using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text;

namespace PostOffice.Compatibility.Tests.Harness.Mqtt;

/// <summary>
/// <c>ws://127.0.0.1:PORT/mqtt</c> with subprotocol <c>mqtt</c>, forwarding each WebSocket connection's binary
/// frames to a new TCP connection to the broker and back (MQTT 5.0 section 6: one MQTT byte stream inside binary
/// frames). It answers the RFC 6455 opening handshake itself and leaves framing to <see cref="WebSocket.CreateFromStream(Stream, WebSocketCreationOptions)"/>.
/// </summary>
internal sealed class WebSocketTcpBridge : IAsyncDisposable
{
    private const string Path = "/mqtt";
    private const string Subprotocol = "mqtt";

    // RFC 6455 section 1.3: the GUID appended to Sec-WebSocket-Key before hashing.
    private const string HandshakeGuid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    private readonly int _brokerPort;
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<Task> _connections = [];
    private Task? _acceptLoop;

    public WebSocketTcpBridge(int brokerPort)
    {
        _brokerPort = brokerPort;
        _listener.Start();
        Uri = new Uri($"ws://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}{Path}");
    }

    public Uri Uri { get; }

    /// <summary>Starts accepting; later calls (after a broker restart) change nothing.</summary>
    public void Start() => _acceptLoop ??= AcceptAsync();

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _listener.Stop();
        Task[] running;
        lock (_connections)
        {
            running = [.. _connections];
        }

        try
        {
            await Task.WhenAll(running.Append(_acceptLoop ?? Task.CompletedTask));
        }
        catch (Exception exception) when (exception is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Stopping: the loops end by cancellation or by their sockets closing under them.
        }

        _stopping.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            var client = await _listener.AcceptTcpClientAsync(_stopping.Token);
            lock (_connections)
            {
                _connections.RemoveAll(task => task.IsCompleted);
                _connections.Add(ServeAsync(client));
            }
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using var _ = client;
        var stream = client.GetStream();
        var request = await ReadRequestHeadAsync(stream);
        if (request is null)
        {
            return;
        }

        var (target, headers) = request.Value;
        if (target != Path || !headers.TryGetValue("sec-websocket-key", out var key))
        {
            await stream.WriteAsync(Encoding.ASCII.GetBytes("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"), _stopping.Token);
            return;
        }

        var offered = headers.GetValueOrDefault("sec-websocket-protocol", string.Empty)
            .Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
#pragma warning disable CA5350 // RFC 6455 section 4.2.2 defines Sec-WebSocket-Accept with SHA-1; it is not used for security here.
        var accept = Convert.ToBase64String(SHA1.HashData(Encoding.ASCII.GetBytes(key + HandshakeGuid)));
#pragma warning restore CA5350
        var response = new StringBuilder()
            .Append("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n")
            .Append("Sec-WebSocket-Accept: ").Append(accept).Append("\r\n");
        if (offered.Contains(Subprotocol, StringComparer.Ordinal))
        {
            response.Append("Sec-WebSocket-Protocol: ").Append(Subprotocol).Append("\r\n");
        }

        await stream.WriteAsync(Encoding.ASCII.GetBytes(response.Append("\r\n").ToString()), _stopping.Token);

        using var webSocket = WebSocket.CreateFromStream(stream, new WebSocketCreationOptions
        {
            IsServer = true,
            SubProtocol = Subprotocol,
            KeepAliveInterval = TimeSpan.Zero,
        });
        using var broker = new TcpClient { NoDelay = true };
        try
        {
            await broker.ConnectAsync(IPAddress.Loopback, _brokerPort, _stopping.Token);
        }
        catch (SocketException)
        {
            // The broker is down (a test restarts it): the MQTT client sees its connection fail, as it would.
            return;
        }

        using var bothDone = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
        var brokerStream = broker.GetStream();
        var upstream = PumpToBrokerAsync(webSocket, brokerStream, bothDone.Token);
        var downstream = PumpToClientAsync(brokerStream, webSocket, bothDone.Token);
        await Task.WhenAny(upstream, downstream);

        // Either side closing ends the MQTT connection on the other, as a direct TCP connection would.
        await bothDone.CancelAsync();
        broker.Client.Close();
        client.Client.Close();
        await Task.WhenAll(Quietly(upstream), Quietly(downstream));
    }

    private static async Task PumpToBrokerAsync(WebSocket webSocket, NetworkStream broker, CancellationToken cancellationToken)
    {
        var buffer = new byte[64 * 1024];
        while (true)
        {
            var received = await webSocket.ReceiveAsync(buffer, cancellationToken);
            if (received.MessageType == WebSocketMessageType.Close)
            {
                return;
            }

            await broker.WriteAsync(buffer.AsMemory(0, received.Count), cancellationToken);
        }
    }

    private static async Task PumpToClientAsync(NetworkStream broker, WebSocket webSocket, CancellationToken cancellationToken)
    {
        var buffer = new byte[64 * 1024];
        while (true)
        {
            var read = await broker.ReadAsync(buffer, cancellationToken);
            if (read == 0)
            {
                return;
            }

            await webSocket.SendAsync(buffer.AsMemory(0, read), WebSocketMessageType.Binary, endOfMessage: true, cancellationToken);
        }
    }

    private static async Task Quietly(Task task)
    {
        try
        {
            await task;
        }
        catch (Exception exception) when (exception is OperationCanceledException or IOException or SocketException or WebSocketException or ObjectDisposedException)
        {
            // The connection is being torn down.
        }
    }

    /// <summary>
    /// Reads the HTTP request head one byte at a time, so that nothing after it (the first WebSocket frame) is
    /// consumed. Null when the connection closes first.
    /// </summary>
    private async Task<(string Target, Dictionary<string, string> Headers)?> ReadRequestHeadAsync(NetworkStream stream)
    {
        var head = new List<byte>();
        var one = new byte[1];
        while (head.Count < 4 || head[^4] != '\r' || head[^3] != '\n' || head[^2] != '\r' || head[^1] != '\n')
        {
            if (head.Count > 16 * 1024 || await stream.ReadAsync(one, _stopping.Token) == 0)
            {
                return null;
            }

            head.Add(one[0]);
        }

        var lines = Encoding.ASCII.GetString([.. head]).Split("\r\n");
        var requestLine = lines[0].Split(' ');
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in lines.Skip(1).Where(line => line.Contains(':', StringComparison.Ordinal)))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            headers[line[..colon].Trim()] = line[(colon + 1)..].Trim();
        }

        return requestLine.Length >= 2 ? (requestLine[1], headers) : null;
    }
}
