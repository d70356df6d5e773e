using System.Net;
using System.Net.Sockets;
using System.Text;

namespace PostOffice.Compatibility.Tests.Harness.Mqtt;

/// <summary>
/// A bare TCP connection for sending bytes no real client would send (malformed packets) and for a subscriber
/// that stops reading. It speaks just enough MQTT to get connected (3.1.1 or 5.0) and subscribed (3.1.1).
/// </summary>
internal sealed class RawMqttConnection : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private readonly Socket _socket;

    private RawMqttConnection(Socket socket) => _socket = socket;

    public Socket Socket => _socket;

    /// <param name="receiveBufferSize">SO_RCVBUF, set before connecting so that the kernel does not grow it; null keeps the default.</param>
    public static async Task<RawMqttConnection> OpenAsync(int port, int? receiveBufferSize = null)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        if (receiveBufferSize is { } size)
        {
            socket.ReceiveBufferSize = size;
        }

        await socket.ConnectAsync(IPAddress.Loopback, port, TestContext.Current.CancellationToken);
        return new RawMqttConnection(socket);
    }

    /// <summary>
    /// CONNECT (MQTT 3.1.1, or 5.0 with no properties), clean session, keep alive 0 (the server never drops it for
    /// silence); expects a CONNACK accepting it.
    /// </summary>
    public async Task ConnectAsync(string clientId, int version = 311)
    {
        var id = Encoding.UTF8.GetBytes(clientId);
        byte[] variableHeader = version == 5
            ? [0x00, 0x04, (byte)'M', (byte)'Q', (byte)'T', (byte)'T', 0x05, 0x02, 0x00, 0x00, 0x00]
            : [0x00, 0x04, (byte)'M', (byte)'Q', (byte)'T', (byte)'T', 0x04, 0x02, 0x00, 0x00];
        byte[] body = [.. variableHeader, (byte)(id.Length >> 8), (byte)id.Length, .. id];
        await SendAsync([0x10, (byte)body.Length, .. body]);

        // CONNACK: flags, then the return code (3.1.1) or reason code (5.0, followed by properties).
        var header = await ReadExactlyAsync(2, "CONNACK");
        var rest = header[1] < 0x80 ? await ReadExactlyAsync(header[1], "CONNACK") : [];
        if (header[0] != 0x20 || rest.Length < 2 || rest[1] != 0x00)
        {
            throw new InvalidOperationException($"expected a CONNACK accepting the connection, got {Convert.ToHexString([.. header, .. rest])}");
        }
    }

    /// <summary>SUBSCRIBE packet id 1 to one filter; expects a SUBACK granting it.</summary>
    public async Task SubscribeAsync(string topicFilter, byte qos)
    {
        var filter = Encoding.UTF8.GetBytes(topicFilter);
        byte[] body = [0x00, 0x01, (byte)(filter.Length >> 8), (byte)filter.Length, .. filter, qos];
        await SendAsync([0x82, .. RemainingLength(body.Length), .. body]);
        var suback = await ReadExactlyAsync(5, "SUBACK");
        if (suback is not [0x90, 0x03, 0x00, 0x01, < 0x80])
        {
            throw new InvalidOperationException($"expected SUBACK granting the subscription, got {Convert.ToHexString(suback)}");
        }
    }

    public async Task SendAsync(byte[] bytes) => await _socket.SendAsync(bytes, SocketFlags.None, TestContext.Current.CancellationToken);

    /// <summary>
    /// Reads until the server closes the connection (end of stream or reset) and returns what came before; fails if
    /// the connection is still open after the timeout.
    /// </summary>
    public async Task<byte[]> ReadUntilClosedAsync(string phase)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        deadline.CancelAfter(Timeout);
        var received = new List<byte>();
        var buffer = new byte[4096];
        try
        {
            while (true)
            {
                var read = await _socket.ReceiveAsync(buffer, SocketFlags.None, deadline.Token);
                if (read == 0)
                {
                    return [.. received];
                }

                received.AddRange(buffer.AsSpan(0, read));
            }
        }
        catch (SocketException exception) when (exception.SocketErrorCode is SocketError.ConnectionReset)
        {
            return [.. received];
        }
        catch (OperationCanceledException exception) when (!TestContext.Current.CancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException(
                $"phase \"{phase}\": the server kept the connection open for {Timeout.TotalSeconds:F0} s (received {Convert.ToHexString([.. received])})", exception);
        }
    }

    public void Dispose() => _socket.Dispose();

    private async Task<byte[]> ReadExactlyAsync(int count, string what)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        deadline.CancelAfter(Timeout);
        var buffer = new byte[count];
        var filled = 0;
        while (filled < count)
        {
            var read = await _socket.ReceiveAsync(buffer.AsMemory(filled), SocketFlags.None, deadline.Token);
            if (read == 0)
            {
                throw new InvalidOperationException($"the server closed the connection before the {what} ({filled} of {count} bytes)");
            }

            filled += read;
        }

        return buffer;
    }

    // MQTT 3.1.1 section 2.2.3: Variable Byte Integer.
    private static byte[] RemainingLength(int length)
    {
        var bytes = new List<byte>();
        do
        {
            var digit = (byte)(length % 128);
            length /= 128;
            bytes.Add(length > 0 ? (byte)(digit | 0x80) : digit);
        }
        while (length > 0);
        return [.. bytes];
    }
}
