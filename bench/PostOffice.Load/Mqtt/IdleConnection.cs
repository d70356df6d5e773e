using System.Buffers;
using System.Net;
using System.Net.Sockets;
using PostOffice.Load.Mqtt.Packets;

namespace PostOffice.Load.Mqtt;

/// <summary>
/// A connection that stays quiet after its handshake. While idle it holds only its socket: no receive is posted and
/// no buffer is kept; the keep-alive wheel drains whatever arrived (PINGRESP) into a shared buffer when the
/// connection's slot comes up, then sends PINGREQ.
/// </summary>
internal sealed class IdleConnection
{
    private static readonly byte[] PingReq = [0xC0, 0x00];
    private static readonly byte[] Disconnect = [0xE0, 0x00];

    private IdleConnection(Socket socket) => Socket = socket;

    public Socket Socket { get; }

    public bool IsOpen { get; private set; } = true;

    /// <summary>Connect, CONNECT/CONNACK and optionally SUBSCRIBE/SUBACK, with a buffer borrowed only for the handshake.</summary>
    public static async Task<IdleConnection> OpenAsync(
        IPEndPoint server, IPAddress? source, MqttProtocolVersion version, string clientId, ushort keepAliveSeconds, string? subscribeTopic, int qos, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var socket = await LoopbackSocket.ConnectAsync(server, source, timeout, cancellationToken);
        var buffer = new ArrayBufferWriter<byte>(256);
        try
        {
            using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeoutSource.CancelAfter(timeout);
            try
            {
                MqttEncoder.WriteConnect(buffer, version, clientId, keepAliveSeconds);
                await socket.SendAsync(buffer.WrittenMemory, SocketFlags.None, timeoutSource.Token);
                var code = await ReadReplyAsync(socket, MqttPacketType.ConnAck, version, timeoutSource.Token);
                if (code != 0)
                {
                    throw new MqttProtocolException($"CONNACK refused the connection with code 0x{code:X2}");
                }

                if (subscribeTopic is not null)
                {
                    buffer.ResetWrittenCount();
                    MqttEncoder.WriteSubscribe(buffer, version, 1, System.Text.Encoding.UTF8.GetBytes(subscribeTopic), qos);
                    await socket.SendAsync(buffer.WrittenMemory, SocketFlags.None, timeoutSource.Token);
                    code = await ReadReplyAsync(socket, MqttPacketType.SubAck, version, timeoutSource.Token);
                    if (code >= 0x80)
                    {
                        throw new MqttProtocolException($"SUBACK refused the subscription with code 0x{code:X2}");
                    }
                }
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"no handshake reply within {timeout.TotalSeconds:0.#} s");
            }

            return new IdleConnection(socket);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Drains what arrived into <paramref name="scratch"/>, counting PINGRESP, then sends PINGREQ. Returns false when the
    /// server has closed the connection (readable with nothing to read) or the socket failed.
    /// </summary>
    public bool Ping(byte[] scratch, out int pingResponses)
    {
        pingResponses = 0;
        if (!IsOpen)
        {
            return false;
        }

        try
        {
            var available = Socket.Available;
            while (available > 0)
            {
                var read = Socket.Receive(scratch, 0, Math.Min(available, scratch.Length), SocketFlags.None);
                pingResponses += CountPingResponses(scratch.AsSpan(0, read));
                available -= read;
            }

            if (Socket.Poll(0, SelectMode.SelectRead) && Socket.Available == 0)
            {
                Close();
                return false;
            }

            Socket.Send(PingReq);
            return true;
        }
        catch (SocketException)
        {
            Close();
            return false;
        }
    }

    public void SendDisconnectAndClose()
    {
        if (!IsOpen)
        {
            return;
        }

        try
        {
            Socket.Send(Disconnect);
            Socket.Shutdown(SocketShutdown.Both);
        }
        catch (SocketException)
        {
        }

        Close();
    }

    /// <summary>An idle connection receives only PINGRESP (D0 00); anything else is skipped.</summary>
    internal static int CountPingResponses(ReadOnlySpan<byte> bytes)
    {
        var count = 0;
        for (var i = 0; i + 1 < bytes.Length; i += 2)
        {
            if (bytes[i] == 0xD0 && bytes[i + 1] == 0x00)
            {
                count++;
            }
        }

        return count;
    }

    private void Close()
    {
        IsOpen = false;
        Socket.Dispose();
    }

    private static async Task<byte> ReadReplyAsync(Socket socket, MqttPacketType expected, MqttProtocolVersion version, CancellationToken cancellationToken)
    {
        var buffer = new byte[256];
        var filled = 0;
        while (true)
        {
            var read = await socket.ReceiveAsync(buffer.AsMemory(filled), SocketFlags.None, cancellationToken);
            if (read == 0)
            {
                throw new MqttProtocolException($"the server closed the connection before {expected}");
            }

            filled += read;
            var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(buffer, 0, filled));
            if (MqttDecoder.TryReadFrame(ref reader, buffer.Length, out var frame))
            {
                return expected == MqttPacketType.ConnAck ? MqttDecoder.ReadConnAckCode(frame) : MqttDecoder.ReadSubAckCode(frame, version);
            }

            if (filled == buffer.Length)
            {
                throw new MqttProtocolException($"{expected} is larger than {buffer.Length} bytes");
            }
        }
    }
}
