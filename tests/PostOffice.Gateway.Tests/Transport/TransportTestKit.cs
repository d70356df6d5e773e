using System.Buffers;
using System.Net;
using System.Net.Sockets;
using PostOffice.Gateway.Transport;
using PostOffice.Mqtt;

namespace PostOffice.Gateway.Tests.Transport;

/// <summary>Loopback sockets, frame bytes and phase-named waits shared by the transport tests.</summary>
internal static class TransportTestKit
{
    private static readonly TimeSpan PhaseTimeout = TimeSpan.FromSeconds(20);

    /// <summary>A connected pair on a free loopback port: the server side wrapped, the client side raw.</summary>
    public static async Task<(SocketTransportConnection Server, Socket Client)> ConnectPairAsync(bool epoll)
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(1);
        var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await client.ConnectAsync(listener.LocalEndPoint!);
        var accepted = await listener.AcceptAsync();
        accepted.NoDelay = true;
        var readiness = epoll ? EpollReadiness.Shared : null;
        Assert.True(!epoll || readiness is not null, "epoll is available on Linux");
        return (new SocketTransportConnection(accepted, readiness), client);
    }

    /// <summary>One MQTT Control Packet: <paramref name="firstByte"/>, the Remaining Length, then <paramref name="body"/>.</summary>
    public static byte[] Frame(byte firstByte, ReadOnlySpan<byte> body)
    {
        var header = new List<byte> { firstByte };
        var length = body.Length;
        do
        {
            var digit = (byte)(length % 128);
            length /= 128;
            header.Add(length > 0 ? (byte)(digit | 0x80) : digit);
        }
        while (length > 0);

        return [.. header, .. body];
    }

    /// <summary>A body of <paramref name="length"/> bytes whose content depends on <paramref name="seed"/> and position.</summary>
    public static byte[] Body(int length, int seed) =>
        [.. Enumerable.Range(0, length).Select(index => (byte)((index * 31) + seed))];

    /// <summary>The current frame re-encoded, as an echo handler sends it back.</summary>
    public static byte[] Encode(in MqttFrame frame) => Frame(frame.FirstByte, frame.Body.ToArray());

    public static async Task<byte[]> ReceiveExactlyAsync(Socket socket, int length, string phase)
    {
        var buffer = new byte[length];
        var received = 0;
        while (received < length)
        {
            var count = await WithTimeout(socket.ReceiveAsync(buffer.AsMemory(received), SocketFlags.None).AsTask(), phase);
            Assert.True(count > 0, $"{phase}: the peer closed after {received} of {length} bytes");
            received += count;
        }

        return buffer;
    }

    /// <summary>Reads until the peer closes; the bytes received before the close.</summary>
    public static async Task<int> ReceiveUntilClosedAsync(Socket socket, string phase)
    {
        var buffer = new byte[4096];
        var total = 0;
        while (true)
        {
            int count;
            try
            {
                count = await WithTimeout(socket.ReceiveAsync(buffer.AsMemory(), SocketFlags.None).AsTask(), phase);
            }
            catch (SocketException exception) when (exception.SocketErrorCode == SocketError.ConnectionReset)
            {
                return total;
            }

            if (count == 0)
            {
                return total;
            }

            total += count;
        }
    }

    public static async Task<T> WithTimeout<T>(Task<T> task, string phase)
    {
        try
        {
            return await task.WaitAsync(PhaseTimeout);
        }
        catch (TimeoutException exception)
        {
            throw new TimeoutException($"Phase \"{phase}\" did not finish within {PhaseTimeout.TotalSeconds:F0} s.", exception);
        }
    }

    public static async Task WithTimeout(Task task, string phase)
    {
        try
        {
            await task.WaitAsync(PhaseTimeout);
        }
        catch (TimeoutException exception)
        {
            throw new TimeoutException($"Phase \"{phase}\" did not finish within {PhaseTimeout.TotalSeconds:F0} s.", exception);
        }
    }

    public static Task<bool> ReadAsync(MqttTransportConnection connection, int maximumPacketSize, string phase) =>
        WithTimeout(connection.ReadFrameAsync(maximumPacketSize).AsTask(), phase);
}
